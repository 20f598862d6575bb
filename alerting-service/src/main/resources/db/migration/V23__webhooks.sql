-- F5 webhooks: endpoints registered through the API, the events they receive and the delivery log the sender works.

-- One endpoint of one caller (owner_subject = the JWT subject). owner_email and owner_role decide, at intake and at
-- delivery, which subscriptions' events it may receive (operators: any; customers and resellers: the ones they
-- administer). subscription_id NULL: every subscription the owner may see. The secret is kept (the sender signs
-- with it), never shown after creation or rotation; previous_secret signs too until previous_secret_until.
CREATE TABLE webhook_endpoint (
    id                    UUID          PRIMARY KEY,
    seq                   BIGSERIAL     NOT NULL UNIQUE,
    owner_subject         VARCHAR(320)  NOT NULL,
    owner_email           VARCHAR(320)  NOT NULL,
    owner_role            VARCHAR(16)   NOT NULL CHECK (owner_role IN ('operator', 'customer', 'reseller')),
    url                   VARCHAR(2048) NOT NULL,
    subscription_id       UUID,
    secret                VARCHAR(128)  NOT NULL,
    previous_secret       VARCHAR(128),
    previous_secret_until TIMESTAMPTZ,
    created_at            TIMESTAMPTZ   NOT NULL
);
CREATE INDEX webhook_endpoint_owner ON webhook_endpoint (owner_subject, seq);

CREATE TABLE webhook_endpoint_event_type (
    endpoint_id UUID        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_type  VARCHAR(64) NOT NULL,
    PRIMARY KEY (endpoint_id, event_type)
);
CREATE INDEX webhook_endpoint_event_type_type ON webhook_endpoint_event_type (event_type);

-- The body every endpoint gets for one event: the envelope as JSON, as it travelled on Kafka.
CREATE TABLE webhook_message (
    event_id        UUID        PRIMARY KEY,
    subscription_id UUID        NOT NULL,
    event_type      VARCHAR(64) NOT NULL,
    body            BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_message_created ON webhook_message (created_at);

-- One event to one endpoint, written in the consumer's transaction (UNIQUE (endpoint_id, event_id): at most one).
-- seq orders each (endpoint, subscription) queue: the sender sends a row only when no earlier row of its queue is
-- PENDING or SENDING. check_access: the owner's access to the subscription is decided when it is sent (the directory
-- did not know the subscription yet at intake). next_attempt_at, lease_until, give_up_at and last_attempt_at are on
-- the database's wall clock (technical timers); created_at and delivered_at on the suite clock.
CREATE SEQUENCE webhook_delivery_seq;
CREATE TABLE webhook_delivery (
    id               UUID        PRIMARY KEY,
    seq              BIGINT      NOT NULL DEFAULT nextval('webhook_delivery_seq'),
    endpoint_id      UUID        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id         UUID        NOT NULL REFERENCES webhook_message (event_id),
    subscription_id  UUID        NOT NULL,
    status           VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'FAILED', 'SKIPPED')),
    check_access     BOOLEAN     NOT NULL DEFAULT FALSE,
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    give_up_at       TIMESTAMPTZ NOT NULL,
    lease_until      TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_status_code INT,
    last_error       TEXT,
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_queue ON webhook_delivery (endpoint_id, subscription_id, seq)
    WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_leased ON webhook_delivery (lease_until) WHERE status = 'SENDING';
CREATE INDEX webhook_delivery_list ON webhook_delivery (endpoint_id, seq);
CREATE INDEX webhook_delivery_created ON webhook_delivery (created_at);
