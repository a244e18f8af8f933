/**
 * The reports UI for store managers, regional managers and head office: what offers earned,
 * measured against the holdout. Pages read only the daily roll-ups ({@code report_day}, {@code
 * report_offer_day}) that {@link org.tailor.server.reports.ReportRollup} builds from presentations,
 * their outcomes and redemptions; the statistics come from {@link org.tailor.server.statistics}.
 * Each figure's query is listed in {@code docs/reports.md}.
 */
package org.tailor.server.reports;
