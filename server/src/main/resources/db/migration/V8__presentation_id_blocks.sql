-- Tailor schema, version 8: blocks of ids handed out to servers, so that a decision can name its
-- presentation before the row is written (presentations are written behind the decision, in
-- batches). A server takes a block by raising next_id in one short transaction; the block starts
-- above every id already in the table, so rows written with explicit ids by other tools are
-- respected.
CREATE TABLE id_block (
  name     VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id  BIGINT      NOT NULL
) ${table_options};
INSERT INTO id_block (name, next_id) VALUES ('presentation', 1);
