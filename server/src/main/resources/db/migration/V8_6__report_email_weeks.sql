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
