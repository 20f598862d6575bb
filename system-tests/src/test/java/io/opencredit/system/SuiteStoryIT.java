package io.opencredit.system;

import io.opencredit.local.Console;
import io.opencredit.local.Demo;
import io.opencredit.local.LocalSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the suite exactly as {@code ./opencredit up} does (embedded broker, PostgreSQL and SMTP,
 * four service JVMs) and runs the short story of {@code ./opencredit demo} against it: keys,
 * activation, FIFO across tokens, both alerts by email, suspension at zero, reactivation by card.
 */
class SuiteStoryIT {

    private static LocalSuite suite;
    private static Path root;

    @BeforeAll
    static void startSuite() throws Exception {
        root = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("opencredit-system-test");
        suite = LocalSuite.start(root, state, true, new Console());
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void the_short_story_runs_across_all_four_services() throws Exception {
        Demo.runStory(root, "story-" + System.nanoTime() + "@example.com", false);
    }
}
