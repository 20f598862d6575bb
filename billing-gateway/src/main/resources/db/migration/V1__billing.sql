-- billing-gateway: its own tables (common-runtime's oc_* tables come from db/opencredit-runtime).

-- Price catalogue (SPEC T3, §5): meter -> unit price per currency, unit of measure, eligibility (T4).
CREATE TABLE meter (
    meter_id   VARCHAR(100) PRIMARY KEY,
    service    VARCHAR(100) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    unit       VARCHAR(50)  NOT NULL,
    eligible   BOOLEAN      NOT NULL
);

CREATE TABLE meter_price (
    meter_id   VARCHAR(100)   NOT NULL REFERENCES meter (meter_id),
    currency   CHAR(3)        NOT NULL,
    unit_price NUMERIC(24, 6) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (meter_id, currency)
);

-- Read model of subscriptions (activation.events, ledger.events). A row may exist before its
-- SubscriptionCreated was read (events of other topics first); it is known once currency is set.
CREATE TABLE subscription_view (
    subscription_id   UUID PRIMARY KEY,
    currency          CHAR(3),
    country           CHAR(2),
    created_at        TIMESTAMPTZ,
    account_email     VARCHAR(320),
    created_by        VARCHAR(320),
    linked_to_ea_at   TIMESTAMPTZ,
    deprovisioned_at  TIMESTAMPTZ,
    ledger_status     VARCHAR(32),
    remaining         NUMERIC(24, 6),
    remaining_as_of   TIMESTAMPTZ
);

-- Account admin and co-administrators (SPEC S6, §6), lower-cased.
CREATE TABLE subscription_admin (
    subscription_id UUID         NOT NULL,
    email           VARCHAR(320) NOT NULL,
    PRIMARY KEY (subscription_id, email)
);

-- Tokens as announced by CreditAdded (estimates: what expires when). Removed when expired/forfeited.
CREATE TABLE credit_token (
    token_id        UUID           PRIMARY KEY,
    subscription_id UUID           NOT NULL,
    amount          NUMERIC(24, 6) NOT NULL,
    activated_at    TIMESTAMPTZ    NOT NULL,
    expires_at      TIMESTAMPTZ    NOT NULL,
    closed          BOOLEAN        NOT NULL DEFAULT FALSE
);
CREATE INDEX credit_token_subscription ON credit_token (subscription_id);

-- Usage intake log (SPEC T5): one row per (subscription, usage id) ever accepted, with a hash of
-- its content; a repeat with the same hash is a duplicate, with another hash a conflict.
CREATE TABLE usage_intake (
    subscription_id UUID         NOT NULL,
    usage_id        VARCHAR(255) COLLATE "C" NOT NULL, -- ASCII ids: byte order, cheaper index comparisons
    content_hash    VARCHAR(64)  NOT NULL,
    event_id        UUID         NOT NULL,
    usage_time      TIMESTAMPTZ  NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (subscription_id, usage_id)
);
CREATE INDEX usage_intake_usage_time ON usage_intake (usage_time);

-- Card top-ups (SPEC S5), one row per payment reference: credited once.
CREATE TABLE payment (
    payment_reference VARCHAR(255)   PRIMARY KEY,
    subscription_id   UUID           NOT NULL,
    amount            NUMERIC(24, 6) NOT NULL,
    currency          CHAR(3)        NOT NULL,
    paid_at           TIMESTAMPTZ    NOT NULL,
    request_hash      VARCHAR(64)    NOT NULL,
    token_id          UUID           NOT NULL,
    event_id          UUID           NOT NULL,
    activated_at      TIMESTAMPTZ    NOT NULL,
    expires_at        TIMESTAMPTZ    NOT NULL,
    received_at       TIMESTAMPTZ    NOT NULL
);

-- The default catalogue. Unit prices are set in USD; other currencies follow the ratio of their
-- credit per unit (SPEC M2) to USD's, rounded half-even at 6 digits, so a unit of credit buys the
-- same consumption in every currency.
INSERT INTO meter (meter_id, service, name, unit, eligible) VALUES
    ('vm-d2s-v5-linux',        'Virtual Machines',  'D2s v5 Linux',                         '1 Hour',        TRUE),
    ('vm-b1s-linux',           'Virtual Machines',  'B1s Linux',                            '1 Hour',        TRUE),
    ('storage-blob-hot-lrs',   'Storage',           'Blob Hot LRS data stored',             '1 GB/Month',    TRUE),
    ('storage-disk-p10',       'Storage',           'Premium SSD managed disk P10',         '1 Disk/Month',  TRUE),
    ('backup-instance',        'Backup',            'Protected instance up to 50 GB',       '1 Instance/Month', TRUE),
    ('backup-storage-grs',     'Backup',            'Backup storage GRS',                   '1 GB/Month',    TRUE),
    ('bandwidth-egress-zone1', 'Bandwidth',         'Data transfer out, zone 1',            '1 GB',          TRUE),
    ('sql-database-s0',        'SQL Database',      'Standard S0 (10 DTU)',                 '1 Day',         TRUE),
    ('cosmosdb-100ru',         'Azure Cosmos DB',   'Provisioned throughput 100 RU/s',      '1 Hour',        TRUE),
    ('app-service-b1',         'App Service',       'Basic B1 instance',                    '1 Hour',        TRUE),
    ('functions-executions',   'Functions',         'Executions',                           '1M Executions', TRUE),
    ('marketplace-firewall',   'Marketplace',       'Partner firewall appliance (third party)', '1 Hour',    FALSE),
    ('licence-m365-e3',        'Per-user licences', 'Microsoft 365 E3 per user',            '1 User/Month',  FALSE);

INSERT INTO meter_price (meter_id, currency, unit_price)
SELECT m.meter_id, c.code, round(m.usd * c.credit / 100.0, 6)
FROM (VALUES
    ('vm-d2s-v5-linux', 0.096),
    ('vm-b1s-linux', 0.0104),
    ('storage-blob-hot-lrs', 0.0184),
    ('storage-disk-p10', 19.71),
    ('backup-instance', 5.00),
    ('backup-storage-grs', 0.0456),
    ('bandwidth-egress-zone1', 0.087),
    ('sql-database-s0', 0.4839),
    ('cosmosdb-100ru', 0.008),
    ('app-service-b1', 0.075),
    ('functions-executions', 0.20),
    ('marketplace-firewall', 0.50),
    ('licence-m365-e3', 36.00)) AS m (meter_id, usd)
CROSS JOIN (VALUES
    ('USD', 100), ('EUR', 93), ('GBP', 79), ('NOK', 1070), ('SEK', 1090), ('DKK', 695),
    ('CHF', 89), ('JPY', 15500), ('CAD', 140), ('AUD', 155), ('BRL', 520)) AS c (code, credit);
