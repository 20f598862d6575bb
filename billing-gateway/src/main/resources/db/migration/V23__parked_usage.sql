-- SPEC R3: usage from billing.usage-intake for a subscription the gateway does not know yet is held here, not
-- dead-lettered, until the subscription is known (then it goes through the intake as if it had just arrived) or the
-- park horizon passes (then UsageRejected, a metric and the record on billing.usage-intake.dlq). Written in the
-- intake batch's transaction; the Kafka position (topic, partition, offset) makes a redelivered record park once.
CREATE TABLE parked_usage (
    id              BIGSERIAL    PRIMARY KEY,     -- arrival order: records are released in it
    subscription_id UUID         NOT NULL,
    usage_id        VARCHAR(255) NOT NULL,
    source_topic    VARCHAR(249) NOT NULL,
    source_partition INT         NOT NULL,
    source_offset   BIGINT       NOT NULL,
    record_key      BYTEA,
    record_value    BYTEA        NOT NULL,        -- the record as it arrived, for the intake and the .dlq
    record_headers  BYTEA,                        -- its Kafka headers (e.g. traceparent), for the .dlq
    parked_at       TIMESTAMPTZ  NOT NULL,        -- suite clock (C2), so advancing it moves the horizon
    UNIQUE (source_topic, source_partition, source_offset)
);

-- release: the parked records of the subscriptions the view knows, in arrival order
CREATE INDEX parked_usage_subscription ON parked_usage (subscription_id, id);
-- horizon: the oldest first
CREATE INDEX parked_usage_parked_at ON parked_usage (parked_at);
