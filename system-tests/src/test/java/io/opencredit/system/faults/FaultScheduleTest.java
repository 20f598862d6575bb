package io.opencredit.system.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opencredit.system.faults.FaultSchedule.Fault;
import io.opencredit.system.faults.FaultSchedule.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fault schedule is a function of the seed, and a short run holds every kind of fault. */
class FaultScheduleTest {

    @Test
    void the_same_seed_gives_the_same_schedule_and_another_seed_another() {
        assertEquals(FaultSchedule.generate(42, 12, false, 20).toString(), FaultSchedule.generate(42, 12, false, 20).toString());
        assertNotEquals(FaultSchedule.generate(42, 12, false, 20).toString(), FaultSchedule.generate(43, 12, false, 20).toString());
    }

    @Test
    void a_short_run_has_every_kind_and_kills_each_instance_once_whatever_the_seed() {
        for (long seed = 0; seed < 200; seed++) {
            List<Fault> faults = FaultSchedule.generate(seed, 12, false, 20);
            assertTrue(faults.size() >= 12, "seed " + seed + ": " + faults);
            assertEquals(EnumSet.allOf(Kind.class), faults.stream().map(Fault::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class))),
                    "seed " + seed);
            List<String> killed = faults.stream().filter(f -> f.kind() == Kind.KILL).map(Fault::target).collect(Collectors.toList());
            Fault clock = faults.get(faults.size() - 1);
            assertEquals(Kind.CLOCK_ADVANCE, clock.kind(), "seed " + seed + ": the clock advance comes last");
            killed.add(clock.target());
            killed.addAll(clock.alsoKilled());
            assertEquals(Set.copyOf(FaultSchedule.TARGETS), Set.copyOf(killed), "seed " + seed);
            assertEquals(FaultSchedule.TARGETS.size(), killed.size(), "seed " + seed + ": each instance killed once");
            String paused = faults.get(1).target();
            for (int i = 2; i <= 5; i++) {
                assertNotEquals(paused, faults.get(i).target(), "seed " + seed + ": " + faults);
            }
            for (int i = 1; i < faults.size(); i++) {
                assertTrue(faults.get(i).afterBatches() > faults.get(i - 1).afterBatches(), "seed " + seed);
            }
        }
    }

    @Test
    void a_long_run_has_as_many_faults_as_asked() {
        List<Fault> faults = FaultSchedule.generate(7, 60, true, 40);
        assertEquals(60, faults.size());
        assertEquals(1, faults.stream().filter(f -> f.kind() == Kind.CLOCK_ADVANCE).count());
        assertEquals(Kind.CLOCK_ADVANCE, faults.get(59).kind());
    }
}
