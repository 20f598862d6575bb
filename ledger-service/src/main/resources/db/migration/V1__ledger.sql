-- ledger-service: its own tables (common-runtime's oc_* tables come from db/opencredit-runtime).

-- One row per subscription stream: its version (number of facts in ledger_event), the balance
-- projection, a snapshot of the folded state at snapshot_version (written every 64 facts; a
-- reader folds the facts after it, so a writer never replays a whole stream) and when
-- its next time-driven fact falls due (A2, T8, S3). Writers lock this row (SELECT ... FOR UPDATE)
-- and update it only at the version they read (optimistic concurrency).
CREATE TABLE ledger_subscription (
    subscription_id UUID PRIMARY KEY,
    version         BIGINT        NOT NULL DEFAULT 0,
    created         BOOLEAN       NOT NULL DEFAULT false,
    currency        VARCHAR(3),
    status          VARCHAR(20)   NOT NULL DEFAULT 'ACTIVE',
    remaining       NUMERIC(30,6) NOT NULL DEFAULT 0,
    overage         NUMERIC(30,6) NOT NULL DEFAULT 0,
    suspended_at    TIMESTAMPTZ,
    deprovision_at  TIMESTAMPTZ,
    next_due_at     TIMESTAMPTZ,
    snapshot        JSONB,
    snapshot_version BIGINT       NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX ledger_subscription_next_due ON ledger_subscription (next_due_at) WHERE next_due_at IS NOT NULL;

-- The event store: append-only, one stream per subscription, gapless versions from 1.
-- Holds the recorded inputs (CreditAdded, UsageRecorded, SubscriptionCreated, ...), the ledger's
-- decisions (CreditConsumed, TokenExpired, ...) and its internal facts (AlertRuleSet, AlertRuleRemoved).
CREATE TABLE ledger_event (
    subscription_id UUID          NOT NULL,
    version         BIGINT        NOT NULL,
    event_id        UUID          NOT NULL,
    event_type      VARCHAR(64)   NOT NULL,
    occurred_at     TIMESTAMPTZ   NOT NULL,
    causation_id    UUID,
    usage_id        VARCHAR(255),
    payload         JSONB         NOT NULL,
    recorded_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, version),
    CONSTRAINT ledger_event_id_unique UNIQUE (event_id)
);
-- T5: a usage id is applied once per subscription, whatever the state in memory says
CREATE UNIQUE INDEX ledger_event_usage_once ON ledger_event (subscription_id, usage_id) WHERE usage_id IS NOT NULL;

-- Projections, written in the same transaction as the facts they come from.
CREATE TABLE ledger_token (
    token_id          UUID PRIMARY KEY,
    subscription_id   UUID          NOT NULL,
    source            VARCHAR(20)   NOT NULL,
    key_code          VARCHAR(64),
    payment_reference VARCHAR(255),
    original          NUMERIC(30,6) NOT NULL,
    remaining         NUMERIC(30,6) NOT NULL,
    activated_at      TIMESTAMPTZ   NOT NULL,
    expires_at        TIMESTAMPTZ   NOT NULL,
    status            VARCHAR(20)   NOT NULL
);
CREATE INDEX ledger_token_subscription ON ledger_token (subscription_id);

CREATE TABLE ledger_admin (
    subscription_id UUID         NOT NULL,
    email           VARCHAR(320) NOT NULL,
    PRIMARY KEY (subscription_id, email)
);

CREATE TABLE ledger_alert_rule (
    subscription_id UUID          NOT NULL,
    alert_number    INT           NOT NULL CHECK (alert_number BETWEEN 1 AND 5),
    threshold       NUMERIC(30,6) NOT NULL,
    recipients      TEXT[]        NOT NULL,
    armed           BOOLEAN       NOT NULL,
    PRIMARY KEY (subscription_id, alert_number)
);

-- The suite clock's offset (SPEC C2); it only grows and survives restarts.
CREATE TABLE ledger_clock (
    id             SMALLINT PRIMARY KEY CHECK (id = 1),
    offset_millis  BIGINT      NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO ledger_clock (id, offset_millis) VALUES (1, 0);
