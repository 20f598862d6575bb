-- W3C trace context carried across Kafka hops: the traceparent of what caused the event.
ALTER TABLE oc_outbox ADD COLUMN traceparent VARCHAR(55);
