package io.opencredit.local;

import java.io.PrintStream;

/** What the local run tells the person at the terminal. */
public final class Console {
    private final PrintStream out = System.out;

    public void title(String text) {
        out.println();
        out.println("== " + text);
    }

    public void step(String text) {
        out.println("  * " + text);
    }

    public void progress(String text) {
        out.print(text);
        out.flush();
    }

    public void line(String text) {
        out.println(text);
    }

    public void mail(String to, String subject) {
        out.println("  [mail] to " + to + ": " + subject);
    }

    public void warn(String text) {
        out.println("  ! " + text);
    }
}
