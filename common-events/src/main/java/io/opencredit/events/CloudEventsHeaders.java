package io.opencredit.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of an event as Kafka record headers, in the binary content mode of the CloudEvents
 * Kafka protocol binding 1.0 (github.com/cloudevents/spec, cloudevents/bindings/kafka-protocol-binding.md, §3.2): every
 * attribute but {@code data} is a header named {@code ce_<attribute>} with a UTF-8 value (§3.2.3), the
 * {@code content-type} header carries {@code datacontenttype} (§3.2.1), and the record value is the data as it is
 * (§3.2.2). Our data is the whole envelope ({@code application/json}), unchanged: a consumer that ignores headers
 * loses nothing, and one that routes or filters on them need not parse the value (SPEC F6).
 *
 * <ul>
 *   <li>{@code ce_type} is {@code io.opencredit.<Type>.v<version>}: reverse-DNS prefixed, as the CloudEvents spec
 *       recommends, and carrying the schema version, because CloudEvents has no version attribute and a router that
 *       filters on {@code ce_type} must select exactly one payload schema.</li>
 *   <li>{@code ce_source} is {@code /opencredit/<producer>}, from the envelope's producer (the service's name), so the
 *       headers and the value can never disagree about who wrote the event.</li>
 *   <li>{@code ce_subject} is the subscription id (the record key); a suite-wide event ({@link ClockAdvanced}) has no
 *       subject and so no such header, the attribute being optional.</li>
 * </ul>
 */
public final class CloudEventsHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    private static final String TYPE_PREFIX = "io.opencredit.";
    private static final String SOURCE_PREFIX = "/opencredit/";

    /** One record header: its name and its text, sent as UTF-8 bytes ({@link #value()}). */
    public record Header(String name, String text) {
        public byte[] value() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private CloudEventsHeaders() {
    }

    /** The headers of an event, in the order of the binding's example: specversion, id, type, source, time, subject, content-type. */
    public static List<Header> of(EventEnvelope envelope) {
        return headers(envelope.eventId().toString(), envelope.type(), envelope.version(), envelope.producer(),
                Lexical.isoInstant(envelope.occurredAt()),
                envelope.subscriptionId() == null ? null : envelope.subscriptionId().toString());
    }

    /**
     * As {@link #of(EventEnvelope)}, for a record value {@link EventCodec} wrote: the outbox relay holds bytes, not
     * envelopes. Only the envelope's head is read (the codec writes the payload last), so it costs a fraction of a
     * decode; throws {@link MalformedEventException} for a value that is not an envelope.
     */
    public static List<Header> ofEncoded(byte[] envelopeJson) {
        String eventId = null;
        String type = null;
        int version = 0;
        String producer = null;
        String occurredAt = null;
        String subscriptionId = null;
        boolean subscriptionSeen = false;
        try (JsonParser parser = EventCodec.mapper().getFactory().createParser(envelopeJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("the event must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME
                    && (eventId == null || type == null || version == 0 || producer == null || occurredAt == null || !subscriptionSeen)) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "eventId" -> eventId = parser.getValueAsString();
                    case "type" -> type = parser.getValueAsString();
                    case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                    case "producer" -> producer = parser.getValueAsString();
                    case "occurredAt" -> occurredAt = parser.getValueAsString();
                    case "subscriptionId" -> {
                        subscriptionSeen = true;
                        subscriptionId = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage());
            throw new MalformedEventException("not JSON: " + reason.lines().findFirst().orElse(reason), e);
        }
        if (eventId == null || !Lexical.isCanonicalUuid(eventId)) {
            throw new MalformedEventException("eventId is missing or not a UUID");
        }
        if (type == null || type.isBlank() || version < 1 || producer == null || producer.isBlank() || occurredAt == null) {
            throw new MalformedEventException("the envelope's type, version, producer or occurredAt is missing");
        }
        return headers(eventId, type, version, producer, rfc3339(occurredAt), subscriptionId);
    }

    /** The {@code ce_type} of an event type at a schema version: {@code io.opencredit.CreditAdded.v1}. */
    public static String type(String eventType, int version) {
        return TYPE_PREFIX + eventType + ".v" + version;
    }

    /** The {@code ce_source} of a producing service: {@code /opencredit/ledger-service}. */
    public static String source(String producer) {
        return SOURCE_PREFIX + producer;
    }

    private static List<Header> headers(String eventId, String type, int version, String producer, String time,
                                        String subscriptionId) {
        List<Header> headers = new ArrayList<>(7);
        headers.add(new Header(SPEC_VERSION, "1.0"));
        headers.add(new Header(ID, eventId));
        headers.add(new Header(TYPE, type(type, version)));
        headers.add(new Header(SOURCE, source(producer)));
        headers.add(new Header(TIME, time));
        if (subscriptionId != null) {
            headers.add(new Header(SUBJECT, subscriptionId));
        }
        headers.add(new Header(CONTENT_TYPE, "application/json"));
        return List.copyOf(headers);
    }

    /** The instant as the codec writes it (UTC, {@code Z}: RFC 3339), whatever spelling the value used. */
    private static String rfc3339(String occurredAt) {
        Instant usual = Lexical.utcInstant(occurredAt);
        try {
            return Lexical.isoInstant(usual != null ? usual : Instant.parse(occurredAt));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("occurredAt is not an ISO-8601 UTC instant", e);
        }
    }
}
