package io.opencredit.runtime.api;

import java.util.Map;

/**
 * Thrown anywhere in request handling to answer with a problem+json and change nothing (the
 * surrounding transaction rolls back). Use the factories; {@code slug} names the rule or problem.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.problem = new Problem(Problem.type(slug), title, status, detail, extensions);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail, null);
    }

    public static ProblemException unauthorized(String slug, String detail) {
        return new ProblemException(401, slug, "Unauthorized", detail, null);
    }

    /** Unknown, or another tenant's: the answer does not tell which (SPEC §5). */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, null);
    }

    public static ProblemException conflict(String slug, String detail, Map<String, Object> extensions) {
        return new ProblemException(409, slug, "Conflict", detail, extensions);
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable content", detail, null);
    }

    public static ProblemException unprocessable(String slug, String detail, Map<String, Object> extensions) {
        return new ProblemException(422, slug, "Unprocessable content", detail, extensions);
    }
}
