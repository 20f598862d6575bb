-- One database per service (SPEC §3).
CREATE DATABASE activation;
CREATE DATABASE ledger;
CREATE DATABASE alerting;
CREATE DATABASE billing;
