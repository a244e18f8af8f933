-- Tailor schema, version 9.1: the weekly store report emails once per recipient. A store's week
-- is claimed with a lease (claimed_by, lease_until) that the sender renews before each email; a
-- claim whose lease has run out (its server crashed) is taken over by the next check. Each
-- recipient's send is recorded in report_email_sent as soon as the email is handed over, so a
-- week tried again after a failure (or a crash) goes only to those who did not get it. done_at:
-- when every recipient had it.
ALTER TABLE report_email_week ADD COLUMN claimed_by VARCHAR(36);
ALTER TABLE report_email_week ADD COLUMN lease_until DATETIME(6);
ALTER TABLE report_email_week ADD COLUMN done_at DATETIME(6);
-- weeks claimed before this version were sent (a failed send removed its claim)
UPDATE report_email_week SET done_at = claimed_at;

CREATE TABLE report_email_sent (
  store_id   BIGINT       NOT NULL,
  send_day   DATE         NOT NULL,
  recipient  VARCHAR(254) NOT NULL,
  sent_at    DATETIME(6)  NOT NULL,
  PRIMARY KEY (store_id, send_day, recipient),
  CONSTRAINT fk_report_email_sent_week FOREIGN KEY (store_id, send_day)
    REFERENCES report_email_week (store_id, send_day)
) ${table_options};
