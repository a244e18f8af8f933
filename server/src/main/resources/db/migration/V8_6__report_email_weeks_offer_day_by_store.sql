-- Tailor schema, version 8.6: the weekly store report emails. A row is claimed (inserted) before a
-- store's report of a week is sent and removed again if sending fails, so that each store's report
-- goes out once per week, across restarts and with several servers.
CREATE TABLE report_email_week (
  store_id    BIGINT      NOT NULL,
  send_day    DATE        NOT NULL,
  claimed_at  DATETIME(6) NOT NULL,
  emails      INT         NOT NULL,
  PRIMARY KEY (store_id, send_day),
  CONSTRAINT fk_report_email_week_store FOREIGN KEY (store_id) REFERENCES store (id)
) ${table_options};

-- report_offer_day clustered by store: a store's offer rows of a year were spread over the whole
-- table (rows are written day by day), so a store manager's offer page read most of its pages.
-- The table is rebuilt by the next refresh: the watermarks are cleared, which makes it rebuild
-- every day.
DROP TABLE report_offer_day;
CREATE TABLE report_offer_day (
  report_date          DATE          NOT NULL,
  store_id             BIGINT        NOT NULL,
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
  discount_sum         DECIMAL(18,2) NOT NULL,
  PRIMARY KEY (store_id, offer_id, report_date)
) ${table_options};
CREATE INDEX ix_report_offer_day_date ON report_offer_day (report_date);
DELETE FROM report_refresh;
