-- Tailor schema, version 9: when each presentation and redemption row was written, by the
-- database's clock in UTC, for the incremental report refresh. Presentation ids are handed out in
-- blocks reserved ahead (V8), so a row can commit with an id far below ones committed long before
-- it; an id watermark missed such rows. The refresh now reads by written_at, less a margin for
-- transactions that commit after their insert. The utc_now placeholder is the database's
-- expression for the current time in UTC (set in Database).
ALTER TABLE presentation ADD COLUMN written_at DATETIME(6) DEFAULT (${utc_now}) NOT NULL;
ALTER TABLE redemption ADD COLUMN written_at DATETIME(6) DEFAULT (${utc_now}) NOT NULL;
CREATE INDEX ix_presentation_written ON presentation (written_at);
CREATE INDEX ix_redemption_written ON redemption (written_at);

-- The watermarks are now written_at values; cleared, so that the next refresh rebuilds every day
-- (which also counts the rows the id watermarks missed).
DELETE FROM report_refresh;
ALTER TABLE report_refresh DROP COLUMN presentation_id;
ALTER TABLE report_refresh DROP COLUMN redemption_id;
ALTER TABLE report_refresh ADD COLUMN presentations_written_to DATETIME(6) NOT NULL;
ALTER TABLE report_refresh ADD COLUMN redemptions_written_to DATETIME(6) NOT NULL;
