package io.opencredit.local;

import java.nio.file.Path;
import java.util.List;

/** {@code ./opencredit demo}: the whole story against a running suite, narrated. */
final class Demo {
    private Demo() {
    }

    static int run(Path root, List<String> args) {
        System.out.println("The demo story is not written yet: it needs the four services' APIs (see README).");
        return 1;
    }
}
