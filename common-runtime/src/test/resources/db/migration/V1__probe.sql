-- A probe consumer for the runtime's own tests: one row per application of an event.
CREATE TABLE probe_applied (
    event_id UUID NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
