-- SPEC R2 (docs/consistency.md): per subscription, how many writes of each producer this service reflects. The outbox
-- counts the service's own writes (and the row lock orders a subscription's writes); consumer batches raise the
-- counts to what their events carried. Written in the transactions that change the data, never ahead of it.
CREATE TABLE oc_consistency_frontier (
    subscription_id UUID PRIMARY KEY,
    activation BIGINT NOT NULL DEFAULT 0,
    billing BIGINT NOT NULL DEFAULT 0,
    ledger BIGINT NOT NULL DEFAULT 0,
    alerting BIGINT NOT NULL DEFAULT 0
);
-- the frontier of the last event of a subscription in an outbox row written one event a row (a bundle holds its own)
ALTER TABLE oc_outbox ADD COLUMN frontier TEXT;
