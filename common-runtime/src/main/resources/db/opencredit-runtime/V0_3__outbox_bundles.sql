-- A large batch of events goes into the outbox as one row, a bundle (OutboxBundle): its payload holds
-- every record (key, type, traceparent, envelope) in order, and records says how many. One row per batch
-- instead of one per event: a tuple, an index entry and a relay delete per batch.
ALTER TABLE oc_outbox ADD COLUMN records INT NOT NULL DEFAULT 1;
-- bundles are hundreds of KiB: stored out of line as they are, without PostgreSQL's slow pglz compression
ALTER TABLE oc_outbox ALTER COLUMN payload SET STORAGE EXTERNAL;
