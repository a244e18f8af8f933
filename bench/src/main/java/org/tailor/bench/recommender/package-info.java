/**
 * Reference evaluation of the purchase-history scoring plugin's recommenders on public data:
 * MovieLens 1M under RecBole's protocol, and Online Retail with a temporal split. See
 * docs/evaluation.md.
 */
package org.tailor.bench.recommender;
