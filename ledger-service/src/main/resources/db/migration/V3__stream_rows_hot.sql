-- The stream rows' snapshot as json (validated text, stored as written) instead of jsonb, as the event
-- store's payloads since V2: the ledger never queries inside a snapshot, and jsonb parsed every one.
ALTER TABLE ledger_subscription ALTER COLUMN snapshot TYPE json USING snapshot::json;

-- Every batch rewrites the stream row and the token rows it touched. Free room on each page lets the
-- new row version stay on its page without new index entries (a HOT update) whenever no indexed column
-- changed: the balance and a token's remaining credit are not indexed.
ALTER TABLE ledger_subscription SET (fillfactor = 70);
ALTER TABLE ledger_token SET (fillfactor = 70);
