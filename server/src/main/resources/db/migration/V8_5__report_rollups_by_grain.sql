-- Tailor schema, version 8.5: the report roll-ups by grain, each page reading the coarsest one
-- that answers it, and the watermarks of the incremental refresh. report_day (day x store x
-- terminal x campaign x arm x tier) hardly compressed (0.72 rows per presentation) and is replaced.
-- The sums in every table mean what they meant in report_day (see V6 and docs/reports.md).

DROP TABLE report_day;

-- One row per day (UTC), store, campaign, arm and shopper value tier: pages of one store, a
-- region or a store manager's stores.
CREATE TABLE report_store_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date          DATE          NOT NULL,
  store_id             BIGINT        NOT NULL,
  campaign_id          BIGINT,
  holdout              BOOLEAN       NOT NULL,
  value_tier           INT           NOT NULL,
  presentations        BIGINT        NOT NULL,
  measured             BIGINT        NOT NULL,
  responders           BIGINT        NOT NULL,
  revenue_sum          DECIMAL(18,2) NOT NULL,
  revenue_sq_sum       DOUBLE        NOT NULL,
  net_sum              DECIMAL(18,2) NOT NULL,
  net_sq_sum           DOUBLE        NOT NULL,
  redemptions          BIGINT        NOT NULL,
  redeemed_basket_sum  DECIMAL(18,2) NOT NULL,
  discount_sum         DECIMAL(18,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_store_day_store ON report_store_day (store_id, report_date);
CREATE INDEX ix_report_store_day_date ON report_store_day (report_date);

-- The same summed over all stores: one row per day, campaign, arm and tier (chain-wide pages).
CREATE TABLE report_chain_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date          DATE          NOT NULL,
  campaign_id          BIGINT,
  holdout              BOOLEAN       NOT NULL,
  value_tier           INT           NOT NULL,
  presentations        BIGINT        NOT NULL,
  measured             BIGINT        NOT NULL,
  responders           BIGINT        NOT NULL,
  revenue_sum          DECIMAL(18,2) NOT NULL,
  revenue_sq_sum       DOUBLE        NOT NULL,
  net_sum              DECIMAL(18,2) NOT NULL,
  net_sq_sum           DOUBLE        NOT NULL,
  redemptions          BIGINT        NOT NULL,
  redeemed_basket_sum  DECIMAL(18,2) NOT NULL,
  discount_sum         DECIMAL(18,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_chain_day_date ON report_chain_day (report_date);

-- report_store_day summed over campaigns and tiers: one row per day, store and arm (the stores
-- page).
CREATE TABLE report_store_arm_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date          DATE          NOT NULL,
  store_id             BIGINT        NOT NULL,
  holdout              BOOLEAN       NOT NULL,
  presentations        BIGINT        NOT NULL,
  measured             BIGINT        NOT NULL,
  responders           BIGINT        NOT NULL,
  revenue_sum          DECIMAL(18,2) NOT NULL,
  revenue_sq_sum       DOUBLE        NOT NULL,
  net_sum              DECIMAL(18,2) NOT NULL,
  net_sq_sum           DOUBLE        NOT NULL,
  redemptions          BIGINT        NOT NULL,
  redeemed_basket_sum  DECIMAL(18,2) NOT NULL,
  discount_sum         DECIMAL(18,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_store_arm_day_date ON report_store_arm_day (report_date, store_id);
CREATE INDEX ix_report_store_arm_day_store ON report_store_arm_day (store_id, report_date);

-- Presentations and their redemptions per day and terminal (the terminals table).
CREATE TABLE report_terminal_day (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date    DATE   NOT NULL,
  store_id       BIGINT NOT NULL,
  terminal_id    BIGINT NOT NULL,
  presentations  BIGINT NOT NULL,
  redemptions    BIGINT NOT NULL
) ${table_options};
CREATE INDEX ix_report_terminal_day_date
  ON report_terminal_day (report_date, terminal_id, presentations, redemptions);

-- report_offer_day summed over stores: one row per day and offer (chain-wide offer pages).
CREATE TABLE report_offer_chain_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date          DATE          NOT NULL,
  offer_id             BIGINT        NOT NULL,
  campaign_id          BIGINT,
  shown                BIGINT        NOT NULL,
  measured             BIGINT        NOT NULL,
  responders           BIGINT        NOT NULL,
  revenue_sum          DECIMAL(18,2) NOT NULL,
  revenue_sq_sum       DOUBLE        NOT NULL,
  net_sum              DECIMAL(18,2) NOT NULL,
  net_sq_sum           DOUBLE        NOT NULL,
  redemptions          BIGINT        NOT NULL,
  redeemed_basket_sum  DECIMAL(18,2) NOT NULL,
  discount_sum         DECIMAL(18,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_offer_chain_day_date ON report_offer_chain_day (report_date);
CREATE INDEX ix_report_offer_chain_day_offer ON report_offer_chain_day (offer_id, report_date);

-- Where the incremental refresh stopped: the highest presentation and redemption ids it has
-- seen and the measured_at from which outcomes are new to it. One row (id = 1).
CREATE TABLE report_refresh (
  id                     INT         NOT NULL PRIMARY KEY,
  presentation_id        BIGINT      NOT NULL,
  redemption_id          BIGINT      NOT NULL,
  outcomes_measured_from DATETIME(6) NOT NULL,
  refreshed_at           DATETIME(6) NOT NULL
) ${table_options};

-- For finding the outcomes measured (or imported) since the last refresh.
CREATE INDEX ix_presentation_outcome_measured ON presentation_outcome (measured_at);
