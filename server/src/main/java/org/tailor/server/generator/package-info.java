/**
 * The synthetic chain: a reproducible generator of stores, products, shoppers, households, consents
 * and purchases in Tailor's own CSV layout ({@code docs/import-formats.md}), with a ground-truth
 * offer-response model written beside the data.
 *
 * <p>Purchases follow the BG/NBD process (Fader, Hardie &amp; Lee 2005, "Counting Your Customers
 * the Easy Way") and spend per transaction the Gamma-Gamma model (Fader, Hardie &amp; Lee 2005,
 * "RFM and CLV: Using Iso-Value Curves"; Fader &amp; Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"). Every shopper's data comes from random streams seeded by (seed, shopper index),
 * so the same seed gives the same bytes whatever the number of threads. Entry points: {@link
 * org.tailor.server.generator.ChainGenerator} and {@link
 * org.tailor.server.generator.GroundTruthResponseModel}.
 */
package org.tailor.server.generator;
