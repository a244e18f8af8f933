/**
 * Lifetime value from the server's side: reads a transaction log (a CSV export) into calibration
 * summaries and fits the models of {@code org.tailor.scoring.value.lifetime} to them, for {@code
 * tailor clv fit}.
 */
package org.tailor.server.lifetime;
