package io.dossier.adapter.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** The one place that turns errors into HTTP responses. Unknown errors are logged 500s without internals. */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(408, "Request Timeout"), Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Payload Too Large"), Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private static final String RENDERED = "dossier.errorRendered";
    private static final ObjectMapper JSON = Json.mapper();
    /** How much of a refused body is read so that the client gets the answer (Tomcat swallows 2 MiB). */
    static final long SWALLOW_BYTES = 4L * 1024 * 1024;

    private Errors() {
    }

    /** Whether this request's error response was rendered here already (else it is Javalin's own). */
    static boolean rendered(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(RENDERED));
    }

    static void handle(Exception error, Context ctx) {
        ErrorDialect style = ErrorDialect.of(ctx);
        int status;
        String detail;
        if (error instanceof DocumentException e) {
            status = statusOf(e, style);
            detail = e.getMessage();
            if (e instanceof DocumentException.Unavailable) {
                LOG.warn("store unavailable on {} {}", ctx.method(), ctx.path(), e);
            }
        } else if (error instanceof HttpProblem p) {
            status = p.status();
            detail = p.getMessage();
            p.headers().forEach(ctx::header);
        } else if (error instanceof Bodies.MalformedRequest malformed) {
            respond(ctx, style.malformedStatus(), malformed.getMessage(), malformed.errors());
            return;
        } else if (error instanceof JacksonException) {
            status = 400;
            detail = "the body is not valid JSON of the expected shape";
        } else if (error instanceof HttpResponseException h) {
            status = h.getStatus();
            detail = h.getMessage();
        } else if (tooLarge(error)) {
            status = 413;
            Long limit = ctx.attribute(Uploads.LIMIT);
            detail = limit == null ? "the body is larger than this server accepts"
                    : "the body is larger than this endpoint takes: a file of at most " + Uploads.describe(limit);
        } else if (clientBroke(error) != null) {
            status = clientBroke(error) instanceof BadMessageException b ? b.getCode() : 400;
            detail = "the request body is malformed or ended early";
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), error);
            status = 500;
            detail = "an internal error occurred (incident " + incident + ")";
        }
        respond(ctx, status, detail);
    }

    /** Seconds a client is asked to wait before it tries again after a 503. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** How long a refused body is drained at most, so that a client that pauses cannot hold the request. */
    static final long SWALLOW_MILLIS = 2_000;

    static void respond(Context ctx, int status, String detail) {
        respond(ctx, status, detail, java.util.List.of());
    }

    static void respond(Context ctx, int status, String detail, java.util.List<Bodies.FieldError> errors) {
        ErrorDialect style = ErrorDialect.of(ctx);
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(status);
        if (status == 503) {
            // Every outage answer says when to come back, whatever its cause or family.
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"dossier\", ApiKey header=\"X-API-Key\"");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(style.withRequestId(style.body(status, title(status), detail, ctx.path(),
                    errors), RequestIds.of(ctx)));
        } catch (JacksonException e) {
            throw new IllegalStateException("an error body cannot be written", e);
        }
        ctx.contentType(style.contentType());
        if (!hasBody(ctx) || ctx.res().isCommitted()) {
            ctx.result(body);
            return;
        }
        // The body may be left unread: say that the connection ends here, so that a client does
        // not send its next request on a connection the server is about to close. The answer is
        // sent at once, before the rest of the body is drained: a client that reads while it
        // sends sees the refusal as soon as it is decided, not after the drain.
        ctx.header("Connection", "close");
        ctx.header("Content-Length", Integer.toString(body.length));
        try {
            java.io.OutputStream out = ctx.res().getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException | RuntimeException e) {
            return; // the client is gone
        }
        swallowRest(ctx);
    }

    /**
     * Reads and discards what is left of a refused body, up to {@link #SWALLOW_BYTES} and for at
     * most {@link #SWALLOW_MILLIS}, taking only what has arrived (never waiting on a client that
     * pauses). Closing a connection with unread bytes in it makes the kernel reset it, and a
     * client still sending may then lose the response: it sees "connection reset" instead of our
     * 413 or 400. A body the client announced with {@code Expect: 100-continue} is not invited;
     * one declared larger than the limit is not read at all (the reset is then the lesser cost).
     */
    private static void swallowRest(Context ctx) {
        String expect = ctx.header("Expect");
        if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) {
            return;
        }
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > SWALLOW_BYTES) {
                    return;
                }
            } catch (NumberFormatException e) {
                return;
            }
        }
        try {
            jakarta.servlet.ServletInputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long left = SWALLOW_BYTES;
            long deadline = System.nanoTime() + SWALLOW_MILLIS * 1_000_000;
            while (left > 0 && !in.isFinished() && System.nanoTime() < deadline) {
                int available = in.available();
                if (available <= 0) {
                    Thread.sleep(10);
                    continue;
                }
                int n = in.read(buffer, 0, (int) Math.min(Math.min(buffer.length, left), available));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The body is broken or already gone; nothing more to do for it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }

    static String title(int status) {
        return TITLES.getOrDefault(status, "Error");
    }

    private static int statusOf(DocumentException e, ErrorDialect style) {
        if (e instanceof DocumentException.InvalidInput) {
            return style == ErrorDialect.PROBLEM || style == ErrorDialect.STATUS_CODE ? 422 : 400;
        }
        if (e instanceof DocumentException.NotFound) {
            return 404;
        }
        if (e instanceof DocumentException.Conflict) {
            return 409;
        }
        if (e instanceof DocumentException.PreconditionFailed) {
            return 412;
        }
        if (e instanceof DocumentException.PermissionDenied) {
            return 403;
        }
        if (e instanceof DocumentException.ContentTooLarge) {
            return 413;
        }
        if (e instanceof DocumentException.ContentRejected rejected) {
            if (style == ErrorDialect.DETAIL) {
                return 400;
            }
            return rejected.mediaTypeNotAccepted() ? 415 : 422;
        }
        if (e instanceof DocumentException.Unavailable) {
            return 503;
        }
        if (e instanceof DocumentException.ChecksumMismatch) {
            return 460; // the status tus gives a checksum mismatch; no standard status says it
        }
        return 500;
    }

    /** True when the multipart parser stopped because a part or the whole body passed its size limit. */
    private static boolean tooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase();
            if (t instanceof IllegalStateException && message.startsWith("max ") && message.contains("exceeded")) {
                return true;
            }
            if (t instanceof BadMessageException b && b.getCode() == 413) {
                return true;
            }
        }
        return false;
    }

    /** The cause showing that the client sent a broken request, if there is one. */
    private static Throwable clientBroke(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BadMessageException || t instanceof EofException || t instanceof EOFException
                    || (t instanceof IllegalStateException && String.valueOf(t.getMessage()).toLowerCase()
                    .contains("multipart"))
                    || t.getClass().getName().endsWith("ServletException")) {
                return t;
            }
            if (t instanceof UncheckedIOException && t.getCause() instanceof EofException) {
                return t.getCause();
            }
        }
        return null;
    }

    /**
     * Renders the errors the server raises before any route runs (a header or URI too large, a
     * broken request line) in the style of the API family the path belongs to.
     */
    static final class ServerLevel extends ErrorHandler {
        private final ObjectMapper json;

        private final java.util.function.Function<String, ErrorDialect> dialects;

        /** @param dialects the dialect of each path, from the families' declarations */
        ServerLevel(ObjectMapper json, java.util.function.Function<String, ErrorDialect> dialects) {
            this.json = json;
            this.dialects = dialects;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) throws IOException {
            String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
            ErrorDialect style = dialects.apply(path);
            String detail = switch (code) {
                case 431 -> "a request header is too large";
                case 414 -> "the request URI is too long";
                case 400 -> "the request is malformed" + (message == null || message.isBlank() ? "" : ": " + message);
                default -> message == null || message.isBlank() ? title(code) : message;
            };
            byte[] body = json.writeValueAsBytes(style.body(code, title(code), detail, path));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, style.contentType());
            if (code == 503) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
