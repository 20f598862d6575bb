package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A dispatch's declaration: what it answers for decided types, what it refuses, what a completeness test reads. */
class EventDispatchTest {

    private static final EventDispatch CREDIT = EventDispatch.named("credit")
            .handles(CreditAdded.class).ignoring(UsageRecorded.class);

    /** A type the dispatch has not decided on, as a new permitted type would be. */
    private record Unknown() {
    }

    @Test
    void a_dispatch_answers_for_the_types_it_handles_and_ignores() {
        assertThat(CREDIT.handled()).containsExactly(CreditAdded.class);
        assertThat(CREDIT.ignored()).containsExactly(UsageRecorded.class);
        assertThat(CREDIT.decided()).containsExactlyInAnyOrder(CreditAdded.class, UsageRecorded.class);
        assertThat(CREDIT).hasToString("credit");
    }

    @Test
    void a_dispatch_refuses_a_type_it_has_not_decided_on() {
        assertThatThrownBy(() -> CREDIT.handles(new Unknown())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credit declares neither handling nor ignoring Unknown");
        assertThatThrownBy(() -> CREDIT.requireIgnored(new Unknown())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credit declares neither handling nor ignoring Unknown");
    }

    @Test
    void undecided_names_the_types_in_neither_set_in_their_order() {
        assertThat(CREDIT.undecided(List.of(KeyActivated.class, CreditAdded.class, Unknown.class, UsageRecorded.class)))
                .containsExactly(KeyActivated.class, Unknown.class);
        assertThat(CREDIT.undecided(List.of(CreditAdded.class, UsageRecorded.class))).isEmpty();
        assertThat(CREDIT.undecided(EventCatalog.payloadClasses())).hasSize(EventCatalog.payloadClasses().size() - 2);
    }

    @Test
    void a_type_cannot_be_both_handled_and_ignored() {
        assertThatThrownBy(() -> EventDispatch.named("both").handles(CreditAdded.class, UsageRecorded.class)
                .ignoring(KeyActivated.class, CreditAdded.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("both both handles and ignores [CreditAdded]");
    }
}
