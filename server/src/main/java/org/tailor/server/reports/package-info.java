/**
 * The reports UI for store managers, regional managers and head office: what offers earned,
 * measured against the holdout. Pages read only the daily roll-ups (by chain, store, store and arm,
 * terminal, offer) that {@link org.tailor.server.reports.ReportRollup} builds from presentations,
 * their outcomes and redemptions; the statistics come from {@link org.tailor.server.statistics}.
 * Each figure's query is listed in {@code docs/reports.md}.
 */
package org.tailor.server.reports;
