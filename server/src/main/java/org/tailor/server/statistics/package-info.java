/**
 * Two-sample comparisons for treatment-versus-holdout reports: the difference of two proportions
 * (Wald interval, unpooled) and of two means (Welch's interval with the Welch–Satterthwaite degrees
 * of freedom), computed from counts, sums and sums of squares so that the database can aggregate.
 * No I/O here.
 */
package org.tailor.server.statistics;
