-- The event store's event ids are minted by the ledger itself (version 7 UUIDs, EventIds) when it appends a
-- fact, and nothing looks a fact up by its event id: readers go by stream and version (the primary key),
-- and T5 by usage id. The unique index on event_id cost every appended fact one more b-tree insert and its
-- WAL (the largest part of an append after the row itself); it goes. Consumers of ledger.events still
-- deduplicate by the event id, which the outbox carries unchanged.
ALTER TABLE ledger_event DROP CONSTRAINT ledger_event_id_unique;
