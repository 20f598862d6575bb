package io.opencredit.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.UsageIntake;
import io.opencredit.events.EventCodec;
import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.ops.DeadLetterSource;
import io.opencredit.runtime.ops.ReplayRefused;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Replays a dead letter of the usage intake ({@code billing.usage-intake.dlq}, SPEC O7) through
 * the intake's own path, {@link UsageIntake#ingest}: the intake log (T5) makes a replayed record
 * that was accepted meanwhile a duplicate, so replaying twice publishes it once. The record is
 * read as {@link UsageIntakeConsumer} reads it (the same checks, copied: one JSON object whose
 * {@code subscriptionId} is the key).
 */
@ApplicationScoped
public class UsageIntakeReplay implements DeadLetterSource {

    private final UsageIntake intake;
    private final RuntimeConfig runtime;
    private final ObjectReader reader = EventCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public UsageIntakeReplay(UsageIntake intake, RuntimeConfig runtime) {
        this.intake = intake;
        this.runtime = runtime;
    }

    @Override
    public String consumer() {
        // the name UsageIntakeConsumer dead-letters under
        return runtime.serviceName() + ".usage-intake";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.USAGE_INTAKE);
    }

    @Override
    public Replayed replay(ConsumerRecord<byte[], byte[]> record) {
        IntakeResult result = intake.ingest(List.of(read(record)));
        if (!result.rejected().isEmpty()) {
            var problem = result.rejected().get(0).problem();
            String type = problem.type().toString();
            throw new ReplayRefused("still refused: " + type.substring(type.lastIndexOf('/') + 1) + ": " + problem.detail());
        }
        if (result.accepted() == 1) {
            return new Replayed(Outcome.APPLIED, "usage record accepted by the intake");
        }
        return new Replayed(Outcome.ALREADY_APPLIED, "the intake already holds this usage record; nothing changed");
    }

    private JsonNode read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new ReplayRefused("still malformed: record has no value");
        }
        JsonNode value;
        try {
            value = JsonInput.readTree(reader, record.value()); // numbers as their text, as the intake reads them (O6)
        } catch (IOException e) {
            throw new ReplayRefused("still malformed: not JSON");
        }
        if (value == null || !value.isObject()) {
            throw new ReplayRefused("still malformed: a usage record must be a JSON object");
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        JsonNode subscription = value.get("subscriptionId");
        if (key == null || subscription == null || !key.equalsIgnoreCase(subscription.asText())) {
            throw new ReplayRefused("still malformed: record key '" + key + "' does not match the record's subscriptionId");
        }
        return value;
    }
}
