package io.opencredit.system.security;

import io.opencredit.system.security.Api.Reply;
import io.opencredit.system.security.Api.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An access matrix: rows (endpoint and method), columns (callers), an expected status in every cell.
 * Each cell is one real request; {@link #run} collects every answer, {@link #render} prints the table
 * with the results, {@link #mismatches} lists every cell that did not answer as expected.
 */
final class Matrix<C> {

    /** What one cell sends: the path (under /api/v1), a body (null for none), extra headers, and the bearer token. */
    record Request(String path, Object body, Map<String, String> headers, String token) {
    }

    /** One row of the table. {@code expected} holds one status per column, in column order. */
    static final class Row<C> {
        final Service service;
        final String method;
        final String endpoint;
        final int[] expected;
        final Function<C, Request> request;
        final Map<C, KnownBug> knownBugs = new HashMap<>();
        String shapeName;
        Predicate<Reply> shape;

        Row(Service service, String method, String endpoint, int[] expected, Function<C, Request> request) {
            this.service = service;
            this.method = method;
            this.endpoint = endpoint;
            this.expected = expected.clone();
            this.request = request;
        }

        /**
         * KNOWN_BUG: marks a cell whose expected (SPEC) answer the service does not give yet. The cell keeps the
         * SPEC's expectation, still runs and is printed. It does not fail the matrix while the service misbehaves
         * exactly as {@code actual} describes; any other wrong answer fails it, and so does the right answer (so
         * that the mark is removed with the fix).
         */
        Row<C> knownBug(C column, String reason, Predicate<Reply> actual) {
            knownBugs.put(column, new KnownBug(reason, actual));
            return this;
        }


        /** Besides the status, every answer of this row must have this shape (e.g. problem+json). */
        Row<C> answers(String name, Predicate<Reply> test) {
            this.shapeName = name;
            this.shape = test;
            return this;
        }

        String name() {
            return service.module + " " + method + " " + endpoint;
        }
    }

    /** A reported service bug: why, and the wrong answer the service gives today. */
    record KnownBug(String reason, Predicate<Reply> actual) {
    }

    /** The outcome of one cell. */
    record Cell<C>(Row<C> row, C column, String label, int expected, Reply reply, KnownBug knownBug) {
        boolean matches() {
            return reply.status() == expected && shapeOk();
        }

        boolean shapeOk() {
            return row.shape == null || row.shape.test(reply);
        }

        /** A cell fails the matrix if it answers other than expected, or if it is marked as a known bug but now answers correctly. */
        boolean fails() {
            return knownBug == null ? !matches() : !knownBug.actual().test(reply);
        }

        String describe() {
            String what = row.name() + " [" + label + "]: expected " + expected + (row.shape == null ? "" : " " + row.shapeName)
                    + ", got " + reply;
            if (knownBug == null) {
                return what;
            }
            if (matches()) {
                return row.name() + " [" + label + "] now answers " + expected + " as the SPEC requires: remove its KNOWN_BUG mark ("
                        + knownBug.reason() + ")";
            }
            return (fails() ? "KNOWN BUG, but not the known wrong answer: " : "KNOWN BUG ") + what + " -- " + knownBug.reason();
        }
    }

    private final String title;
    private final List<C> columns;
    private final Function<C, String> label;
    private final List<Row<C>> rows = new ArrayList<>();
    private final List<Cell<C>> cells = new ArrayList<>();

    Matrix(String title, List<C> columns, Function<C, String> label) {
        this.title = title;
        this.columns = List.copyOf(columns);
        this.label = label;
    }

    /** Adds a row; {@code expected} in the order of the columns. */
    Row<C> row(Service service, String method, String endpoint, int[] expected, Function<C, Request> request) {
        if (expected.length != columns.size()) {
            throw new IllegalArgumentException(method + " " + endpoint + ": " + expected.length + " statuses for " + columns.size() + " columns");
        }
        Row<C> row = new Row<>(service, method, endpoint, expected, request);
        rows.add(row);
        return row;
    }

    /** Runs every cell, row by row and column by column (the table's order is the order of the requests). */
    Matrix<C> run(Api api) {
        for (Row<C> row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                C column = columns.get(i);
                Request request = row.request.apply(column);
                Reply reply = api.send(row.service, row.method, request.path(), request.token(), request.body(), request.headers());
                cells.add(new Cell<>(row, column, label.apply(column), row.expected[i], reply, row.knownBugs.get(column)));
            }
        }
        return this;
    }

    int size() {
        return rows.size() * columns.size();
    }

    List<Cell<C>> cells() {
        return List.copyOf(cells);
    }

    List<Cell<C>> mismatches() {
        return cells.stream().filter(Cell::fails).toList();
    }

    List<Cell<C>> knownBugs() {
        return cells.stream().filter(c -> c.knownBug() != null).toList();
    }

    /** Per error status answered: how many answers were RFC 9457 problem+json, with an example of one that was not. */
    String errorShapes() {
        StringBuilder out = new StringBuilder("error answers by status:");
        cells.stream().map(c -> c.reply().status()).filter(status -> status >= 400).distinct().sorted().forEach(status -> {
            List<Cell<C>> answers = cells.stream().filter(c -> c.reply().status() == status).toList();
            long problems = answers.stream().filter(c -> c.reply().isProblem()).count();
            out.append("\n  ").append(status).append(": ").append(answers.size()).append(" answers, ").append(problems).append(" problem+json");
            answers.stream().filter(c -> !c.reply().isProblem()).findFirst()
                    .ifPresent(c -> out.append(" (not: ").append(c.row().name()).append(" [").append(c.label()).append("] -> ")
                            .append(c.reply()).append(")"));
        });
        return out.toString();
    }

    /**
     * The table with the results: each cell shows the expected status and, if the answer differed, {@code !=actual}.
     * {@code KB} marks a known bug, {@code FAIL} a cell that fails the matrix.
     */
    String render() {
        int nameWidth = rows.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        int[] widths = columns.stream().mapToInt(c -> Math.max(label.apply(c).length(), 12)).toArray();
        StringBuilder out = new StringBuilder();
        out.append('\n').append(title).append(" (").append(size()).append(" cells)\n");
        out.append(pad("endpoint", nameWidth));
        for (int i = 0; i < columns.size(); i++) {
            out.append(" | ").append(pad(label.apply(columns.get(i)), widths[i]));
        }
        out.append('\n').append("-".repeat(nameWidth));
        for (int width : widths) {
            out.append("-+-").append("-".repeat(width));
        }
        out.append('\n');
        for (Row<C> row : rows) {
            out.append(pad(row.name(), nameWidth));
            for (int i = 0; i < columns.size(); i++) {
                C column = columns.get(i);
                Cell<C> cell = cells.stream().filter(c -> c.row() == row && c.column().equals(column)).findFirst().orElse(null);
                String text;
                if (cell == null) {
                    text = row.expected[i] + " (not run)";
                } else if (cell.matches()) {
                    text = cell.expected() + " ok" + (cell.knownBug() != null ? " FAIL(KB fixed)" : "");
                } else {
                    text = cell.expected() + "!=" + cell.reply().status() + (cell.shapeOk() ? "" : "(shape)")
                            + (cell.fails() ? " FAIL" : " KB");
                }
                out.append(" | ").append(pad(text, widths[i]));
            }
            out.append('\n');
        }
        long failing = mismatches().size();
        out.append(size()).append(" cells: ").append(cells.stream().filter(c -> c.matches() && c.knownBug() == null).count())
                .append(" as expected, ").append(knownBugs().stream().filter(c -> !c.fails()).count()).append(" known bugs, ").append(failing).append(" failing\n");
        for (Cell<C> cell : knownBugs()) {
            out.append("  ").append(cell.describe()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
