package io.opencredit.runtime.consumer;

import io.opencredit.events.EventEnvelope;

/** An event read from Kafka, with where it was read. */
public record ConsumedEvent(String topic, int partition, long offset, EventEnvelope envelope) {
}
