package io.opencredit.local;

import java.io.PrintStream;

/** What the local run tells the person at the terminal. */
final class Console {
    private final PrintStream out = System.out;

    void title(String text) {
        out.println();
        out.println("== " + text);
    }

    void step(String text) {
        out.println("  * " + text);
    }

    void progress(String text) {
        out.print(text);
        out.flush();
    }

    void line(String text) {
        out.println(text);
    }

    void mail(String to, String subject) {
        out.println("  [mail] to " + to + ": " + subject);
    }

    void warn(String text) {
        out.println("  ! " + text);
    }
}
