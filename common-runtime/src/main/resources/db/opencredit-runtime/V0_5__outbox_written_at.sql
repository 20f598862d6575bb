-- An outbox row's created_at is the time of its INSERT, not its transaction's start: the relay sends it as the
-- record header opencredit.written-at, from which the benchmark splits a hop into the writer's work and the relay's
-- wait (issue 20). For a consumer batch the transaction starts before the batch is folded; the INSERT comes at its end.
ALTER TABLE oc_outbox ALTER COLUMN created_at SET DEFAULT clock_timestamp();
