-- activation-service: its own tables (common-runtime's oc_* tables come from db/opencredit-runtime).

-- Azure-in-Open subscriptions (SPEC K5). The currency is fixed by the first activation (M3).
-- status is this service's own view; DEPROVISIONED is learnt from the ledger (ledger_view).
CREATE TABLE subscription (
    id                  UUID PRIMARY KEY,
    name                VARCHAR(100) NOT NULL,
    country             CHAR(2)      NOT NULL,
    cloud               VARCHAR(20)  NOT NULL,
    currency            CHAR(3)      NOT NULL,
    language            VARCHAR(8)   NOT NULL,
    account_email       VARCHAR(254) NOT NULL,
    account_created_on  DATE         NOT NULL CHECK (account_created_on >= DATE '2014-07-14'),
    status              VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'LINKED_TO_EA')),
    enrollment_number   VARCHAR(64),
    linked_at           TIMESTAMPTZ,
    linked_by           VARCHAR(254),
    created_at          TIMESTAMPTZ  NOT NULL,
    created_by          VARCHAR(254) NOT NULL,
    CHECK (cloud <> 'government'),
    CHECK ((status = 'LINKED_TO_EA') = (enrollment_number IS NOT NULL))
);
CREATE INDEX subscription_account_email ON subscription (account_email);

-- Co-administrators (SPEC S6): resellers and others who manage a customer's subscription.
CREATE TABLE co_administrator (
    subscription_id     UUID         NOT NULL REFERENCES subscription (id),
    email               VARCHAR(254) NOT NULL,
    added_at            TIMESTAMPTZ  NOT NULL,
    added_by            VARCHAR(254) NOT NULL,
    PRIMARY KEY (subscription_id, email)
);
CREATE INDEX co_administrator_email ON co_administrator (email);

-- OSA keys (SPEC K1, K2). code: the 25 characters without dashes. status moves ISSUED -> ACTIVATED
-- once, by a conditional UPDATE ... WHERE status = 'ISSUED' (K4).
CREATE TABLE osa_key (
    code                CHAR(25)     PRIMARY KEY,
    units               INT          NOT NULL CHECK (units BETWEEN 1 AND 10000),
    currency            CHAR(3)      NOT NULL,
    purchased_on        DATE         NOT NULL,
    activate_by         DATE         NOT NULL,
    reseller_id         VARCHAR(100) NOT NULL,
    sku                 VARCHAR(100),
    status              VARCHAR(16)  NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED', 'ACTIVATED')),
    issued_at           TIMESTAMPTZ  NOT NULL,
    issued_by           VARCHAR(254) NOT NULL,
    CHECK (activate_by = purchased_on + INTERVAL '5 years')
);

-- The one activation of a key (K4): the primary key on key_code makes a second one impossible,
-- whatever the application does. request_hash identifies the request, so that the same request
-- repeated gets the original answer and another one a 409.
CREATE TABLE key_activation (
    key_code            CHAR(25)      PRIMARY KEY REFERENCES osa_key (code),
    subscription_id     UUID          NOT NULL REFERENCES subscription (id),
    token_id            UUID          NOT NULL UNIQUE,
    amount              NUMERIC(24,6) NOT NULL CHECK (amount > 0),
    currency            CHAR(3)       NOT NULL,
    activated_at        TIMESTAMPTZ   NOT NULL,
    expires_at          TIMESTAMPTZ   NOT NULL,
    activated_by        VARCHAR(254)  NOT NULL,
    request_hash        VARCHAR(64)   NOT NULL
);
CREATE INDEX key_activation_subscription ON key_activation (subscription_id);
CREATE INDEX key_activation_activated_by ON key_activation (activated_by);

-- Read model of the ledger (consumed from ledger.events): the latest BalanceChanged per subscription,
-- for the EA-link preview (S4), and whether the ledger deprovisioned it (K8, S3).
CREATE TABLE ledger_view (
    subscription_id     UUID          PRIMARY KEY,
    remaining           NUMERIC(24,6),
    currency            CHAR(3),
    ledger_status       VARCHAR(16),
    as_of               TIMESTAMPTZ,
    deprovisioned_at    TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now()
);
