package io.dossier.adapter.rest;

/**
 * An error that exists only at the HTTP level (no credentials, a malformed request); domain and
 * application errors arrive as {@code DocumentException}s instead.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    static HttpProblem unauthorized(String message) {
        return new HttpProblem(401, message);
    }

    static HttpProblem forbidden(String message) {
        return new HttpProblem(403, message);
    }

    static HttpProblem notFound(String message) {
        return new HttpProblem(404, message);
    }
}
