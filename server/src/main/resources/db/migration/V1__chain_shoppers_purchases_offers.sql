-- Tailor schema, version 1: the chain, its shoppers and their purchases, offers and what became of them.
-- Runs on MariaDB 10.6+ and on H2 2.x in MariaDB mode. ${table_options} is set per database by
-- org.tailor.server.persistence.Database (utf8mb4 and InnoDB on MariaDB, nothing on H2).
-- Moments are DATETIME(6) holding UTC: MariaDB's TIMESTAMP ends in 2038 and shifts by session zone.

CREATE TABLE store (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  code          VARCHAR(64)  NOT NULL,
  name          VARCHAR(200) NOT NULL,
  region        VARCHAR(100),
  country       CHAR(2),
  time_zone     VARCHAR(64)  NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  updated_at    DATETIME(6) NOT NULL,
  CONSTRAINT uk_store_code UNIQUE (code)
) ${table_options};

CREATE TABLE terminal (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  code             VARCHAR(64)  NOT NULL,
  store_id         BIGINT       NOT NULL,
  kind             VARCHAR(16)  NOT NULL,
  name             VARCHAR(200) NOT NULL,
  credential_hash  VARCHAR(200),
  last_seen_at     DATETIME(6),
  last_status      VARCHAR(32),
  agent_version    VARCHAR(40),
  created_at       DATETIME(6) NOT NULL,
  updated_at       DATETIME(6) NOT NULL,
  CONSTRAINT uk_terminal_code UNIQUE (code),
  CONSTRAINT fk_terminal_store FOREIGN KEY (store_id) REFERENCES store (id)
) ${table_options};

CREATE TABLE shopper (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  loyalty_id      VARCHAR(64)  NOT NULL,
  first_name      VARCHAR(100),
  last_name       VARCHAR(100),
  language        VARCHAR(35)  NOT NULL,
  birthday        DATE,
  time_zone       VARCHAR(64),
  household_code  VARCHAR(64),
  home_store_id   BIGINT,
  created_at      DATETIME(6) NOT NULL,
  updated_at      DATETIME(6) NOT NULL,
  CONSTRAINT uk_shopper_loyalty_id UNIQUE (loyalty_id),
  CONSTRAINT fk_shopper_home_store FOREIGN KEY (home_store_id) REFERENCES store (id)
) ${table_options};
CREATE INDEX ix_shopper_household ON shopper (household_code);

-- Cards, phone numbers, email addresses, QR payloads: anything a shopper identifies with.
CREATE TABLE shopper_identifier (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id  BIGINT       NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  identifier_value  VARCHAR(200) NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT uk_shopper_identifier UNIQUE (kind, identifier_value),
  CONSTRAINT fk_identifier_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_shopper_identifier_value ON shopper_identifier (identifier_value);
CREATE INDEX ix_shopper_identifier_shopper ON shopper_identifier (shopper_id);

CREATE TABLE shopper_attribute (
  shopper_id  BIGINT       NOT NULL,
  name        VARCHAR(64)  NOT NULL,
  attribute_value  VARCHAR(500) NOT NULL,
  PRIMARY KEY (shopper_id, name),
  CONSTRAINT fk_attribute_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};

-- Categories a shopper told us they like (used for newcomers with no history yet).
CREATE TABLE shopper_preference (
  shopper_id  BIGINT       NOT NULL,
  category    VARCHAR(200) NOT NULL,
  PRIMARY KEY (shopper_id, category),
  CONSTRAINT fk_preference_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};

-- People in the shopper's household who are not shoppers themselves (children, partners).
CREATE TABLE household_member (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id  BIGINT       NOT NULL,
  first_name  VARCHAR(100) NOT NULL,
  relation    VARCHAR(32)  NOT NULL,
  birthday    DATE,
  CONSTRAINT fk_household_member_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_household_member_shopper ON household_member (shopper_id);

-- The current state of each consent; every change is also appended to consent_event.
CREATE TABLE consent (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id  BIGINT       NOT NULL,
  channel     VARCHAR(32)  NOT NULL,
  purpose     VARCHAR(32)  NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  source      VARCHAR(100) NOT NULL,
  updated_at  DATETIME(6) NOT NULL,
  CONSTRAINT uk_consent UNIQUE (shopper_id, channel, purpose),
  CONSTRAINT fk_consent_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};

-- Append-only history of consent changes: never updated, never deleted.
CREATE TABLE consent_event (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id   BIGINT       NOT NULL,
  channel      VARCHAR(32)  NOT NULL,
  purpose      VARCHAR(32)  NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  source       VARCHAR(100) NOT NULL,
  occurred_at  DATETIME(6) NOT NULL,
  recorded_at  DATETIME(6) NOT NULL,
  CONSTRAINT fk_consent_event_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_consent_event_shopper ON consent_event (shopper_id, occurred_at);

CREATE TABLE product (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  sku         VARCHAR(64)   NOT NULL,
  name        VARCHAR(300)  NOT NULL,
  category    VARCHAR(200)  NOT NULL,
  price       DECIMAL(12,4),
  cost        DECIMAL(12,4),
  created_at  DATETIME(6)  NOT NULL,
  updated_at  DATETIME(6)  NOT NULL,
  CONSTRAINT uk_product_sku UNIQUE (sku)
) ${table_options};
CREATE INDEX ix_product_category ON product (category);

-- One import of one file: what came in, from where, and how it ended.
CREATE TABLE import_batch (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  source_name    VARCHAR(500) NOT NULL,
  content_sha256 CHAR(64)     NOT NULL,
  mapping_name   VARCHAR(100) NOT NULL,
  started_at     DATETIME(6) NOT NULL,
  finished_at    DATETIME(6),
  lines_read     BIGINT       NOT NULL,
  lines_written  BIGINT       NOT NULL,
  lines_skipped  BIGINT       NOT NULL,
  status         VARCHAR(16)  NOT NULL
) ${table_options};

-- A till receipt. A return is kept as a purchase with negative quantities (is_return = TRUE).
CREATE TABLE purchase (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  store_id         BIGINT        NOT NULL,
  receipt_number   VARCHAR(64)   NOT NULL,
  shopper_id       BIGINT,
  purchased_at     DATETIME(6)  NOT NULL,
  total_amount     DECIMAL(14,2) NOT NULL,
  is_return        BOOLEAN       NOT NULL,
  currency         CHAR(3)       NOT NULL,
  import_batch_id  BIGINT,
  CONSTRAINT uk_purchase_receipt UNIQUE (store_id, receipt_number),
  CONSTRAINT fk_purchase_store FOREIGN KEY (store_id) REFERENCES store (id),
  CONSTRAINT fk_purchase_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id),
  CONSTRAINT fk_purchase_import_batch FOREIGN KEY (import_batch_id) REFERENCES import_batch (id)
) ${table_options};
CREATE INDEX ix_purchase_shopper_time ON purchase (shopper_id, purchased_at);

CREATE TABLE purchase_line (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  purchase_id  BIGINT        NOT NULL,
  line_number  INT           NOT NULL,
  product_id   BIGINT        NOT NULL,
  quantity     INT           NOT NULL,
  unit_price   DECIMAL(12,4) NOT NULL,
  amount       DECIMAL(14,2) NOT NULL,
  CONSTRAINT uk_purchase_line UNIQUE (purchase_id, line_number),
  CONSTRAINT fk_line_purchase FOREIGN KEY (purchase_id) REFERENCES purchase (id),
  CONSTRAINT fk_line_product FOREIGN KEY (product_id) REFERENCES product (id)
) ${table_options};
CREATE INDEX ix_purchase_line_product ON purchase_line (product_id);

CREATE TABLE campaign (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  code           VARCHAR(64)  NOT NULL,
  name           VARCHAR(200) NOT NULL,
  holdout_share  DECIMAL(5,4) NOT NULL,
  starts_at      DATETIME(6),
  ends_at        DATETIME(6),
  created_at     DATETIME(6) NOT NULL,
  updated_at     DATETIME(6) NOT NULL,
  CONSTRAINT uk_campaign_code UNIQUE (code)
) ${table_options};

CREATE TABLE offer (
  id                BIGINT AUTO_INCREMENT PRIMARY KEY,
  code              VARCHAR(64)   NOT NULL,
  name              VARCHAR(200)  NOT NULL,
  kind              VARCHAR(16)   NOT NULL,
  discount_percent  DECIMAL(5,2),
  discount_amount   DECIMAL(12,2),
  category          VARCHAR(200),
  eligibility_rule  VARCHAR(2000),
  valid_from        DATETIME(6)  NOT NULL,
  valid_until       DATETIME(6)  NOT NULL,
  total_budget      DECIMAL(14,2),
  per_shopper_cap   INT,
  value_amount      DECIMAL(12,2),
  cost_amount       DECIMAL(12,2),
  campaign_id       BIGINT,
  status            VARCHAR(16)   NOT NULL,
  version           INT           NOT NULL,
  created_at        DATETIME(6)  NOT NULL,
  updated_at        DATETIME(6)  NOT NULL,
  CONSTRAINT uk_offer_code UNIQUE (code),
  CONSTRAINT fk_offer_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id)
) ${table_options};

-- The words a shopper reads, per language (BCP 47 tag).
CREATE TABLE offer_text (
  offer_id  BIGINT        NOT NULL,
  language  VARCHAR(35)   NOT NULL,
  headline  VARCHAR(200)  NOT NULL,
  body      VARCHAR(2000) NOT NULL,
  PRIMARY KEY (offer_id, language),
  CONSTRAINT fk_offer_text_offer FOREIGN KEY (offer_id) REFERENCES offer (id)
) ${table_options};

-- Stores an offer is limited to; none means every store.
CREATE TABLE offer_store (
  offer_id  BIGINT NOT NULL,
  store_id  BIGINT NOT NULL,
  PRIMARY KEY (offer_id, store_id),
  CONSTRAINT fk_offer_store_offer FOREIGN KEY (offer_id) REFERENCES offer (id),
  CONSTRAINT fk_offer_store_store FOREIGN KEY (store_id) REFERENCES store (id)
) ${table_options};

-- Channels an offer is limited to; none means every channel.
CREATE TABLE offer_channel (
  offer_id  BIGINT      NOT NULL,
  channel   VARCHAR(32) NOT NULL,
  PRIMARY KEY (offer_id, channel),
  CONSTRAINT fk_offer_channel_offer FOREIGN KEY (offer_id) REFERENCES offer (id)
) ${table_options};

-- Offers shown to a shopper at one moment (or, for a holdout, deliberately not shown).
CREATE TABLE presentation (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id   BIGINT,
  store_id     BIGINT       NOT NULL,
  terminal_id  BIGINT,
  channel      VARCHAR(32)  NOT NULL,
  shown_at     DATETIME(6) NOT NULL,
  holdout      BOOLEAN      NOT NULL,
  campaign_id  BIGINT,
  CONSTRAINT fk_presentation_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id),
  CONSTRAINT fk_presentation_store FOREIGN KEY (store_id) REFERENCES store (id),
  CONSTRAINT fk_presentation_terminal FOREIGN KEY (terminal_id) REFERENCES terminal (id),
  CONSTRAINT fk_presentation_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id)
) ${table_options};
CREATE INDEX ix_presentation_shopper ON presentation (shopper_id, shown_at);
CREATE INDEX ix_presentation_store_time ON presentation (store_id, shown_at);

CREATE TABLE presentation_offer (
  presentation_id  BIGINT        NOT NULL,
  offer_rank       INT           NOT NULL,
  offer_id         BIGINT        NOT NULL,
  probability      DOUBLE        NOT NULL,
  explanation      VARCHAR(1000) NOT NULL,
  PRIMARY KEY (presentation_id, offer_rank),
  CONSTRAINT fk_presentation_offer_presentation FOREIGN KEY (presentation_id) REFERENCES presentation (id),
  CONSTRAINT fk_presentation_offer_offer FOREIGN KEY (offer_id) REFERENCES offer (id)
) ${table_options};
CREATE INDEX ix_presentation_offer_offer ON presentation_offer (offer_id);

-- An offer redeemed at a till. message_id makes a repeated message count once.
CREATE TABLE redemption (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id       VARCHAR(100)  NOT NULL,
  presentation_id  BIGINT,
  offer_id         BIGINT        NOT NULL,
  shopper_id       BIGINT,
  store_id         BIGINT        NOT NULL,
  terminal_id      BIGINT,
  redeemed_at      DATETIME(6)  NOT NULL,
  basket_amount    DECIMAL(14,2) NOT NULL,
  discount_amount  DECIMAL(12,2) NOT NULL,
  CONSTRAINT uk_redemption_message UNIQUE (message_id),
  CONSTRAINT fk_redemption_presentation FOREIGN KEY (presentation_id) REFERENCES presentation (id),
  CONSTRAINT fk_redemption_offer FOREIGN KEY (offer_id) REFERENCES offer (id),
  CONSTRAINT fk_redemption_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id),
  CONSTRAINT fk_redemption_store FOREIGN KEY (store_id) REFERENCES store (id),
  CONSTRAINT fk_redemption_terminal FOREIGN KEY (terminal_id) REFERENCES terminal (id)
) ${table_options};
CREATE INDEX ix_redemption_offer_time ON redemption (offer_id, redeemed_at);
CREATE INDEX ix_redemption_shopper ON redemption (shopper_id);

-- API keys: only a SHA-256 of the key is kept. store_id limits a store manager's key to one store.
CREATE TABLE api_key (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  key_hash    CHAR(64)     NOT NULL,
  role        VARCHAR(32)  NOT NULL,
  store_id    BIGINT,
  created_at  DATETIME(6) NOT NULL,
  revoked_at  DATETIME(6),
  CONSTRAINT uk_api_key_hash UNIQUE (key_hash),
  CONSTRAINT uk_api_key_name UNIQUE (name),
  CONSTRAINT fk_api_key_store FOREIGN KEY (store_id) REFERENCES store (id)
) ${table_options};
