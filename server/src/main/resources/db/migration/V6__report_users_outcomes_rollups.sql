-- Tailor schema, version 6: people who sign in to the reports, what shoppers did after a
-- presentation, and the daily roll-ups the report pages read (never the raw presentations).

-- A person who signs in to the reports UI. Only an Argon2id hash of the password is kept.
-- role: admin, head_office, regional, store_manager. A regional manager sees the stores of
-- their region (store.region); a store manager sees the stores listed in app_user_store.
CREATE TABLE app_user (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  username       VARCHAR(100) NOT NULL,
  display_name   VARCHAR(200) NOT NULL,
  password_hash  VARCHAR(300) NOT NULL,
  role           VARCHAR(32)  NOT NULL,
  region         VARCHAR(100),
  language       VARCHAR(35)  NOT NULL,
  email          VARCHAR(254),
  created_at     DATETIME(6) NOT NULL,
  updated_at     DATETIME(6) NOT NULL,
  disabled_at    DATETIME(6),
  CONSTRAINT uk_app_user_username UNIQUE (username)
) ${table_options};

CREATE TABLE app_user_store (
  user_id   BIGINT NOT NULL,
  store_id  BIGINT NOT NULL,
  PRIMARY KEY (user_id, store_id),
  CONSTRAINT fk_app_user_store_user FOREIGN KEY (user_id) REFERENCES app_user (id),
  CONSTRAINT fk_app_user_store_store FOREIGN KEY (store_id) REFERENCES store (id)
) ${table_options};
CREATE INDEX ix_app_user_store_store ON app_user_store (store_id);
CREATE INDEX ix_store_region ON store (region);

-- What the shopper did in the attribution window after a presentation, for treatment and holdout
-- alike: responded = bought (or, for an imported experiment, the experiment's outcome, such as a
-- visit); revenue_amount = what they spent in the window. source: 'purchases' (measured from the
-- purchase table once the window closed) or 'experiment' (imported with the experiment).
CREATE TABLE presentation_outcome (
  presentation_id  BIGINT        NOT NULL PRIMARY KEY,
  responded        BOOLEAN       NOT NULL,
  revenue_amount   DECIMAL(14,2) NOT NULL,
  source           VARCHAR(16)   NOT NULL,
  measured_at      DATETIME(6)   NOT NULL,
  CONSTRAINT fk_presentation_outcome_presentation FOREIGN KEY (presentation_id) REFERENCES presentation (id)
) ${table_options};

-- For finding presentations of a campaign's arm and presentations not yet measured.
CREATE INDEX ix_presentation_campaign_time ON presentation (campaign_id, holdout, shown_at);
CREATE INDEX ix_presentation_time ON presentation (shown_at);
CREATE INDEX ix_redemption_presentation ON redemption (presentation_id);

-- One row per day (in UTC), store, terminal, campaign, arm and shopper value tier: the sums every
-- report is computed from. net = revenue minus the discounts redeemed on the presentation.
-- *_sq_sum are sums of squares, for variances (Welch intervals). value_tier: the RFM monetary
-- quintile (1 to 5) of the shopper when the roll-up ran; 0 = anonymous or no purchases.
CREATE TABLE report_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  report_date          DATE          NOT NULL,
  store_id             BIGINT        NOT NULL,
  terminal_id          BIGINT,
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
CREATE INDEX ix_report_day_date ON report_day (report_date);
CREATE INDEX ix_report_day_store ON report_day (store_id, report_date);
CREATE INDEX ix_report_day_campaign ON report_day (campaign_id, report_date);

-- One row per day, store, offer: presentations that showed the offer (treatment only; an
-- offer's holdout is its campaign's holdout in report_day), their outcomes and the offer's own
-- redemptions.
CREATE TABLE report_offer_day (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
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
  discount_sum         DECIMAL(18,2) NOT NULL
) ${table_options};
CREATE INDEX ix_report_offer_day_date ON report_offer_day (report_date);
CREATE INDEX ix_report_offer_day_offer ON report_offer_day (offer_id, report_date);
CREATE INDEX ix_report_offer_day_store ON report_offer_day (store_id, report_date);
