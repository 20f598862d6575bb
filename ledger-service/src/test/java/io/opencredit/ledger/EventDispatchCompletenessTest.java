package io.opencredit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventDispatch;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.persistence.FactCodec;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dispatch over payload types in the ledger (each a {@code static final EventDispatch}, found in the main
 * classes) says of every type the ledger can meet, the published catalogue and its internal facts, whether it
 * handles or deliberately ignores it. A new permitted type of EventPayload (or a new internal fact) fails here until
 * each dispatch has decided.
 */
class EventDispatchCompletenessTest {

    /** The types every dispatch must decide on: EventCatalog's list (the sealed EventPayload) and the ledger's internal facts. */
    static Set<Class<?>> allTypes() {
        Set<Class<?>> all = new HashSet<>(EventCatalog.payloadClasses());
        all.addAll(List.of(LedgerPayload.Internal.class.getPermittedSubclasses()));
        return all;
    }

    /** Every static EventDispatch field of the ledger's main classes, so that a new dispatch is checked without listing it. */
    static Stream<EventDispatch> dispatches() throws IOException, URISyntaxException, ReflectiveOperationException {
        Path classes = Path.of(LedgerPayload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(classes::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
        List<EventDispatch> found = new ArrayList<>();
        for (String name : names) {
            for (Field field : Class.forName(name, false, LedgerPayload.class.getClassLoader()).getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == EventDispatch.class) {
                    field.setAccessible(true);
                    found.add((EventDispatch) field.get(null));
                }
            }
        }
        return found.stream();
    }

    @Test
    void the_ledger_knows_every_published_type_and_its_internal_facts() {
        assertThat(LedgerPayload.allClasses()).containsExactlyInAnyOrderElementsOf(allTypes()).hasSize(31);
        allTypes().forEach(type -> assertThat(FactCodec.payloadClass(type.getSimpleName())).isEqualTo(type));
    }

    @Test
    void every_dispatch_over_payload_types_is_found() throws Exception {
        assertThat(dispatches().map(EventDispatch::name)).contains("SubscriptionLedger.decide", "SubscriptionLedger.apply",
                "SubscriptionLedger.keepsDueTimes", "LedgerFact.stored", "LedgerFact.usageId", "LedgerEventHandler.folds",
                "ProjectionWriter.tokenOf", "ProjectionWriter.admins", "ProjectionWriter.alertRemoved");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dispatches")
    void every_type_is_handled_or_deliberately_ignored(EventDispatch dispatch) {
        assertThat(dispatch.undecided(allTypes())).as("types %s neither handles nor ignores", dispatch).isEmpty();
        assertThat(allTypes()).as("%s names only known types", dispatch).containsAll(dispatch.decided());
    }
}
