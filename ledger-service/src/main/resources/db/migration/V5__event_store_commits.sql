-- The event store as commits: one row per subscription per transaction holding all the facts it appended
-- (as event stores such as NEventStore keep them), instead of one row per fact. A batch of 10,000 usage
-- records appended about 20,000 fact rows, each with its heap tuple, primary-key entry and WAL; it now appends
-- one row per subscription it touched. Streams, versions and optimistic concurrency stay: a commit holds the
-- gapless versions first_version..last_version, and a writer always starts at the version it read plus one, so
-- two writers that read the same version collide on the primary key.
CREATE TABLE ledger_commit (
    subscription_id UUID        NOT NULL,
    first_version   BIGINT      NOT NULL,
    last_version    BIGINT      NOT NULL,
    first_at        TIMESTAMPTZ NOT NULL, -- the earliest occurred-at of its facts (a statement reads only the commits of its period)
    last_at         TIMESTAMPTZ NOT NULL, -- the latest
    facts           BYTEA       NOT NULL, -- the facts in version order (CommitCodec: a JSON array, LZ4-compressed)
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, first_version),
    CHECK (last_version >= first_version)
);
-- Compressed by the ledger already: PostgreSQL should not try again, and a commit of up to a page stays in the
-- table instead of being cut into TOAST chunks (each another tuple and index entry).
ALTER TABLE ledger_commit ALTER COLUMN facts SET STORAGE EXTERNAL;
ALTER TABLE ledger_commit SET (toast_tuple_target = 8160);

-- T5: the usage ids applied per subscription, one narrow row each, unique. The fold asks it which of a batch's
-- usage ids were applied before, and it refuses a second application whatever the state in memory says.
CREATE TABLE ledger_usage (
    subscription_id UUID         NOT NULL,
    usage_id        VARCHAR(255) NOT NULL,
    PRIMARY KEY (subscription_id, usage_id)
);

INSERT INTO ledger_usage (subscription_id, usage_id)
SELECT subscription_id, usage_id FROM ledger_event WHERE usage_id IS NOT NULL;

-- The facts stored so far, as plain (uncompressed) commits of up to 256 facts each, in version order.
INSERT INTO ledger_commit (subscription_id, first_version, last_version, first_at, last_at, facts, recorded_at)
SELECT subscription_id, min(version), max(version), min(occurred_at), max(occurred_at),
       convert_to(json_agg(json_build_object(
               'eventId', event_id,
               'type', event_type,
               'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'causationId', causation_id,
               'payload', payload) ORDER BY version)::text, 'UTF8'),
       max(recorded_at)
FROM ledger_event
GROUP BY subscription_id, (version - 1) / 256;

DROP TABLE ledger_event;
