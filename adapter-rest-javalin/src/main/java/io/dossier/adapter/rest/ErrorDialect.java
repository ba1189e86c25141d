package io.dossier.adapter.rest;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each API family shapes its error bodies. Routes set their style on the context; the one
 * error handler renders any error in the style of the route that failed.
 */
enum ErrorDialect {
    /** The native API: RFC 9457 problem details. */
    PROBLEM {
        @Override
        Object body(int status, String title, String detail, String path) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            body.put("instance", path);
            return body;
        }

        /** Every offending field of a malformed request, as the RFC 9457 extension member {@code errors}. */
        @Override
        Object body(int status, String title, String detail, String path, List<Bodies.FieldError> errors) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) body(status, title, detail, path);
            if (!errors.isEmpty()) {
                body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message()))
                        .toList());
            }
            return body;
        }

        @Override
        String contentType() {
            return "application/problem+json";
        }

        /** The request's id as the extension member {@code requestId}, for a report that names it. */
        @Override
        @SuppressWarnings("unchecked")
        Object withRequestId(Object body, String requestId) {
            if (requestId != null) {
                ((Map<String, Object>) body).put("requestId", requestId);
            }
            return body;
        }
    },
    /** Project documents (seed 003): {status:"error", code, message, details}. */
    ENVELOPE {
        @Override
        Object body(int status, String title, String detail, String path) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "error");
            body.put("code", status);
            body.put("message", title);
            body.put("details", detail);
            return body;
        }
    },
    /** NestJS-like services (seeds 000/001): {statusCode, message, error}; a malformed body is 422, as their pages list. */
    STATUS_CODE {
        @Override
        int malformedStatus() {
            return 422;
        }

        @Override
        Object body(int status, String title, String detail, String path) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("statusCode", status);
            body.put("message", detail);
            body.put("error", title);
            return body;
        }
    },
    /** FastAPI-like services (seed 004): {detail}; a malformed body is 422, as FastAPI answers. */
    DETAIL {
        @Override
        int malformedStatus() {
            return 422;
        }

        @Override
        Object body(int status, String title, String detail, String path) {
            return Map.of("detail", detail);
        }
    },
    /** The enaio-style DMS API (seed 002). */
    DMS {
        @Override
        Object body(int status, String title, String detail, String path) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("error", title);
            body.put("message", detail);
            body.put("path", path);
            return body;
        }
    };

    private static final String ATTRIBUTE = "dossier.apiStyle";

    abstract Object body(int status, String title, String detail, String path);

    /** The body of a malformed request; only the native dialect lists the fields. */
    Object body(int status, String title, String detail, String path, List<Bodies.FieldError> errors) {
        return body(status, title, detail, path);
    }

    /** The body with the request's id in it, where the dialect has a place for one (the seeds' have none). */
    Object withRequestId(Object body, String requestId) {
        return body;
    }

    /** The status of a request body that does not bind or validate: one per dialect, never per endpoint. */
    int malformedStatus() {
        return 400;
    }

    String contentType() {
        return "application/json";
    }

    void applyTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    static ErrorDialect of(Context ctx) {
        ErrorDialect style = ctx.attribute(ATTRIBUTE);
        // Set for every request from its path (RestApi), and again by the route of its family.
        return style != null ? style : PROBLEM;
    }
}
