package io.dossier.adapter.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error that exists only at the HTTP level (no credentials, a malformed request); domain and
 * application errors arrive as {@code DocumentException}s instead. It may carry response headers
 * that belong to the error (e.g. {@code Content-Range} of a 416); {@link Errors} sends them.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();

    HttpProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    HttpProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Map<String, String> headers() {
        return Map.copyOf(headers);
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
