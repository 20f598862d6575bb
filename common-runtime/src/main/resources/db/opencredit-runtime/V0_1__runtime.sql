-- Tables every OpenCredit service carries in its own database (common-runtime).
-- Service migrations live in db/migration and start at V1.

-- Transactional outbox: written in the caller's transaction, published by the relay, deleted once
-- the broker acknowledged. id gives the publish order.
CREATE TABLE oc_outbox (
    id             BIGSERIAL PRIMARY KEY,
    event_id       UUID         NOT NULL,
    topic          VARCHAR(255) NOT NULL,
    record_key     VARCHAR(255) NOT NULL,
    event_type     VARCHAR(255) NOT NULL,
    payload        BYTEA        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Inbox: the events a consumer has applied, recorded in the same transaction as their effects.
CREATE TABLE oc_processed_event (
    consumer       VARCHAR(255) NOT NULL,
    event_id       UUID         NOT NULL,
    processed_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Consumed positions, stored with the effects (effectively-once into the database). epoch fences
-- a stale owner of a partition after a rebalance: a commit from an older epoch is refused.
CREATE TABLE oc_consumer_position (
    consumer       VARCHAR(255) NOT NULL,
    topic          VARCHAR(255) NOT NULL,
    kafka_partition INT         NOT NULL,
    next_offset    BIGINT       NOT NULL,
    epoch          BIGINT       NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, kafka_partition)
);

-- Idempotency-Key of POST requests: the first answer, replayed for the same key and body.
CREATE TABLE oc_idempotency_key (
    scope          VARCHAR(600) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash   VARCHAR(64)  NOT NULL,
    status         INT          NOT NULL,
    response_body  TEXT,
    created_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX oc_idempotency_key_created ON oc_idempotency_key (created_at);
