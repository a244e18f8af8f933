-- Tailor schema, version 7: permission (do-not-contact list, email double opt-in), the message
-- outbox with its delivery attempts, and trigger runs that make scheduled sends happen once.

-- Shoppers and addresses never to be contacted, on any channel, whatever their consents say.
-- An entry names a shopper, an address (email, phone), or both.
CREATE TABLE do_not_contact (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id  BIGINT,
  address     VARCHAR(200),
  reason      VARCHAR(200) NOT NULL,
  source      VARCHAR(100) NOT NULL,
  added_at    DATETIME(6)  NOT NULL,
  CONSTRAINT fk_do_not_contact_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_do_not_contact_shopper ON do_not_contact (shopper_id);
CREATE INDEX ix_do_not_contact_address ON do_not_contact (address);

-- Email double opt-in: a token (only its SHA-256 is kept) sent to the address; confirming it
-- grants the email consent. Email offers go only to a confirmed address.
CREATE TABLE email_opt_in (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  shopper_id    BIGINT       NOT NULL,
  address       VARCHAR(200) NOT NULL,
  token_hash    CHAR(64)     NOT NULL,
  requested_at  DATETIME(6)  NOT NULL,
  expires_at    DATETIME(6)  NOT NULL,
  confirmed_at  DATETIME(6),
  CONSTRAINT uk_email_opt_in_token UNIQUE (token_hash),
  CONSTRAINT fk_email_opt_in_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_email_opt_in_shopper ON email_opt_in (shopper_id, address);

-- Every message to a shopper, written once under a unique message id before any channel sees it.
-- status: pending, delivered, blocked (permission refused for good), dead (gave up).
CREATE TABLE outbox_message (
  id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id          VARCHAR(100)  NOT NULL,
  shopper_id          BIGINT        NOT NULL,
  channel             VARCHAR(32)   NOT NULL,
  purpose             VARCHAR(32)   NOT NULL,
  address             VARCHAR(200)  NOT NULL,
  subject             VARCHAR(500)  NOT NULL,
  body                VARCHAR(8000) NOT NULL,
  offer_codes         VARCHAR(1000) NOT NULL,
  origin              VARCHAR(200)  NOT NULL,
  status              VARCHAR(16)   NOT NULL,
  attempts            INT           NOT NULL,
  next_attempt_at     DATETIME(6)   NOT NULL,
  created_at          DATETIME(6)   NOT NULL,
  updated_at          DATETIME(6)   NOT NULL,
  delivered_at        DATETIME(6),
  external_reference  VARCHAR(300),
  last_error          VARCHAR(1000),
  CONSTRAINT uk_outbox_message_id UNIQUE (message_id),
  CONSTRAINT fk_outbox_message_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
CREATE INDEX ix_outbox_due ON outbox_message (status, next_attempt_at);
CREATE INDEX ix_outbox_shopper_channel ON outbox_message (shopper_id, channel, delivered_at);

-- Append-only: each time a message was handed to a channel or held back, and what came of it.
CREATE TABLE delivery_attempt (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id    VARCHAR(100)  NOT NULL,
  attempt       INT           NOT NULL,
  attempted_at  DATETIME(6)   NOT NULL,
  outcome       VARCHAR(32)   NOT NULL,
  detail        VARCHAR(1000) NOT NULL
) ${table_options};
CREATE INDEX ix_delivery_attempt_message ON delivery_attempt (message_id);

-- One row per trigger, shopper (or household member) and period: the unique key makes a trigger
-- fire once per period even when a run is killed and started again.
CREATE TABLE trigger_run (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  trigger_key  VARCHAR(200) NOT NULL,
  trigger_name VARCHAR(32)  NOT NULL,
  shopper_id   BIGINT       NOT NULL,
  period       VARCHAR(32)  NOT NULL,
  fired_at     DATETIME(6)  NOT NULL,
  CONSTRAINT uk_trigger_run_key UNIQUE (trigger_key),
  CONSTRAINT fk_trigger_run_shopper FOREIGN KEY (shopper_id) REFERENCES shopper (id)
) ${table_options};
