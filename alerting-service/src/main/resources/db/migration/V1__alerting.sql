-- alerting-service: its own tables (common-runtime's oc_* tables come first from db/opencredit-runtime).

-- Read model of who to tell, built from activation.events.
CREATE TABLE alert_subscription (
    subscription_id UUID         PRIMARY KEY,
    name            TEXT         NOT NULL,
    account_email   VARCHAR(320) NOT NULL,
    country         VARCHAR(2)   NOT NULL,
    language        VARCHAR(8)   NOT NULL,
    currency        VARCHAR(3)   NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);

-- No foreign key: a CoAdministratorAdded is kept even if it is read before its SubscriptionCreated.
CREATE TABLE alert_co_administrator (
    subscription_id UUID         NOT NULL,
    email           VARCHAR(320) NOT NULL,
    added_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (subscription_id, email)
);

-- Ledger alerts read before the subscription is known (the topics are read independently);
-- released into notifications when its SubscriptionCreated arrives.
CREATE TABLE alert_held_event (
    seq             BIGSERIAL    PRIMARY KEY,
    event_id        UUID         NOT NULL UNIQUE,
    subscription_id UUID         NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    envelope        BYTEA        NOT NULL,
    held_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX alert_held_event_subscription ON alert_held_event (subscription_id, seq);

-- One email composition per causing event (same text for every recipient).
CREATE TABLE notification (
    event_id        UUID         PRIMARY KEY,
    subscription_id UUID         NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    language        VARCHAR(8)   NOT NULL,
    subject         VARCHAR(400) NOT NULL,
    body_text       TEXT         NOT NULL,
    body_html       TEXT         NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);

-- The delivery log: one row per (causing event, recipient), written in the consumer's transaction
-- (the intent); the sender works it. UNIQUE (event_id, recipient) makes every email at most once.
-- next_attempt_at and lease_until are on the database's wall clock (technical timers, not suite time).
CREATE TABLE delivery (
    id              UUID         PRIMARY KEY,
    event_id        UUID         NOT NULL REFERENCES notification (event_id),
    subscription_id UUID         NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'UNCERTAIN', 'REFUSED')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    lease_until     TIMESTAMPTZ,
    last_error      TEXT,
    message_id      VARCHAR(255) NOT NULL,
    sent_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT delivery_once_per_event_and_recipient UNIQUE (event_id, recipient)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_leased ON delivery (lease_until) WHERE status = 'SENDING';
CREATE INDEX delivery_by_subscription ON delivery (subscription_id, created_at);
