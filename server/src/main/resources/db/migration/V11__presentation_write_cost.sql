-- Tailor schema, version 11: presentations cost the database less to write. Every decision writes
-- a presentation row and one presentation_offer row per offer; measured on MariaDB 10.11
-- (PresentationWriteBenchmark, 1M shoppers, 1,000 offers, three offers a presentation), each
-- secondary index on a column with many insertion points cost 6 to 7 us of the server's CPU per
-- row and each foreign-key check about 1.3 us, 63 us a presentation in all.
--
-- These indexes served no query, only the foreign keys that keep an offer, store, terminal or
-- campaign from being deleted while presentations name it (a foreign key needs an index on its
-- columns; the reports and the shopper 360 read presentations by shopper, time and id):
--   presentation_offer (offer_id)               20 us a presentation (three rows)
--   presentation (terminal_id)                  6 us
--   presentation (store_id, shown_at)           6 us
--   presentation (campaign_id, holdout, shown_at)  3 us
-- They go with their foreign keys. Integrity is kept by the server instead, with a mark on the
-- referenced row: "presented" is set, in the transaction that writes the first presentation
-- naming the row, after locking the row and checking that it exists (PresentationWriter, for the
-- ids it has not marked yet; a presentation naming a row that does not exist is refused and
-- logged, as the foreign key refused it). Deleting an offer, store, terminal or campaign locks its
-- row and is refused while it is marked, so the two cannot cross. Nothing deletes presentations.
--
-- Kept: the foreign keys to shopper (its index serves the shopper 360) and from presentation_offer
-- to presentation (written in the same transaction), and every index the queries use:
-- presentation (shopper_id, shown_at), (shown_at), (written_at).
ALTER TABLE offer ADD COLUMN presented BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE store ADD COLUMN presented BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE terminal ADD COLUMN presented BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE campaign ADD COLUMN presented BOOLEAN DEFAULT FALSE NOT NULL;

-- marked from the presentations already written, while the indexes still answer it
UPDATE offer SET presented = TRUE
  WHERE id IN (SELECT offer_id FROM presentation_offer);
UPDATE store SET presented = TRUE
  WHERE id IN (SELECT store_id FROM presentation);
UPDATE terminal SET presented = TRUE
  WHERE id IN (SELECT terminal_id FROM presentation WHERE terminal_id IS NOT NULL);
UPDATE campaign SET presented = TRUE
  WHERE id IN (SELECT campaign_id FROM presentation WHERE campaign_id IS NOT NULL);

ALTER TABLE presentation_offer DROP FOREIGN KEY fk_presentation_offer_offer;
DROP INDEX ix_presentation_offer_offer ON presentation_offer;
ALTER TABLE presentation DROP FOREIGN KEY fk_presentation_store;
ALTER TABLE presentation DROP FOREIGN KEY fk_presentation_terminal;
ALTER TABLE presentation DROP FOREIGN KEY fk_presentation_campaign;
-- MariaDB made this index for the foreign key and keeps it; H2 dropped its own with the key
DROP INDEX IF EXISTS fk_presentation_terminal ON presentation;
DROP INDEX ix_presentation_store_time ON presentation;
DROP INDEX ix_presentation_campaign_time ON presentation;
