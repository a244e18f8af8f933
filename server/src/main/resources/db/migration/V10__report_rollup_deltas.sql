-- Tailor schema, version 10: the report roll-up counts what is new instead of rebuilding whole
-- days. Rebuilding "today" every 15 minutes read every presentation of the day (2.4 million for a
-- chain of a million shoppers) and stalled MariaDB for a minute and more. Now each refresh adds the
-- sums of the presentations, redemptions and outcomes it has not counted yet to the roll-up rows;
-- these two tables say what is counted (see ReportRollup and docs/reports.md).

-- One row per presentation counted in the roll-ups. value_tier: the shopper's value tier when the
-- presentation was first counted, kept, so that its redemptions and outcome land in the same row.
-- counted_batch, outcome_batch: the roll-up batch that counted the presentation and its outcome
-- (outcome_batch null: the outcome is not counted yet). counted_discount: the discounts of the
-- redemptions counted so far, from which the outcome's net (revenue minus discounts) is reckoned.
CREATE TABLE report_presentation_state (
  presentation_id   BIGINT        NOT NULL PRIMARY KEY,
  report_date       DATE          NOT NULL,
  value_tier        INT           NOT NULL,
  counted_batch     BIGINT        NOT NULL,
  outcome_batch     BIGINT,
  counted_discount  DECIMAL(16,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_presentation_state_date ON report_presentation_state (report_date);
CREATE INDEX ix_report_presentation_state_counted ON report_presentation_state (counted_batch);
CREATE INDEX ix_report_presentation_state_outcome ON report_presentation_state (outcome_batch);

-- One row per redemption counted in the roll-ups (report_date: its presentation's day).
CREATE TABLE report_counted_redemption (
  redemption_id    BIGINT NOT NULL PRIMARY KEY,
  presentation_id  BIGINT NOT NULL,
  report_date      DATE   NOT NULL,
  counted_batch    BIGINT NOT NULL
) ${table_options};
CREATE INDEX ix_report_counted_redemption_date ON report_counted_redemption (report_date);
CREATE INDEX ix_report_counted_redemption_batch ON report_counted_redemption (counted_batch);

-- The last roll-up batch number. Every roll-up transaction locks this row first, so that two
-- refreshes (the server's and `tailor reports refresh`) add their deltas one after the other.
CREATE TABLE report_rollup_batch (
  id          INT    NOT NULL PRIMARY KEY,
  last_batch  BIGINT NOT NULL
) ${table_options};
INSERT INTO report_rollup_batch (id, last_batch) VALUES (1, 0);

-- Nothing is counted yet: the roll-ups and the watermarks are cleared, so that the next refresh
-- counts every day once.
DELETE FROM report_store_day;
DELETE FROM report_chain_day;
DELETE FROM report_store_arm_day;
DELETE FROM report_terminal_day;
DELETE FROM report_offer_day;
DELETE FROM report_offer_chain_day;
DELETE FROM report_refresh;
