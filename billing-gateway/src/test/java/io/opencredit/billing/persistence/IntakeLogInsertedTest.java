package io.opencredit.billing.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** T5: which entries of a batch the intake log inserted, from the keys its INSERT ... RETURNING names. */
class IntakeLogInsertedTest {

    private static final String A = UUID.randomUUID().toString();
    private static final String B = UUID.randomUUID().toString();
    private static final String[] SUBSCRIPTIONS = {A, A, B, B, A};
    private static final String[] IDS = {"u1", "u2", "u1", "u3", "u3"};

    @Test
    void T5_rows_returned_in_insertion_order_mark_their_entries() {
        IntakeLog.Inserted inserted = new IntakeLog.Inserted(SUBSCRIPTIONS, IDS);
        inserted.returned(A, "u1");
        inserted.returned(B, "u1");
        inserted.returned(A, "u3");
        assertThat(inserted.flags()).containsExactly(true, false, true, false, true);
    }

    @Test
    void T5_rows_returned_in_any_other_order_mark_the_same_entries() {
        IntakeLog.Inserted inserted = new IntakeLog.Inserted(SUBSCRIPTIONS, IDS);
        inserted.returned(A, "u3");
        inserted.returned(B, "u1");
        inserted.returned(A, "u1");
        inserted.returned(B, "u3");
        assertThat(inserted.flags()).containsExactly(true, false, true, true, true);
    }

    @Test
    void T5_the_same_usage_id_of_another_subscription_is_another_entry() {
        IntakeLog.Inserted inserted = new IntakeLog.Inserted(SUBSCRIPTIONS, IDS);
        inserted.returned(B, "u3");
        assertThat(inserted.flags()).containsExactly(false, false, false, true, false);
        IntakeLog.Inserted none = new IntakeLog.Inserted(SUBSCRIPTIONS, IDS);
        assertThat(none.flags()).containsExactly(false, false, false, false, false);
    }
}
