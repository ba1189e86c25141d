package io.dossier.adapter.rest;

import com.fasterxml.jackson.core.JacksonException;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** The one place that turns errors into HTTP responses. Unknown errors are logged 500s without internals. */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(411, "Length Required"), Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Payload Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private static final String RENDERED = "dossier.errorRendered";

    private Errors() {
    }

    /** Whether this request's error response was rendered here already (else it is Javalin's own). */
    static boolean rendered(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(RENDERED));
    }

    static void handle(Exception error, Context ctx) {
        ApiStyle style = ApiStyle.of(ctx);
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
        } else if (error instanceof JacksonException) {
            status = 400;
            detail = "the body is not valid JSON of the expected shape";
        } else if (error instanceof HttpResponseException h) {
            status = h.getStatus();
            detail = h.getMessage();
        } else if (multipartTooLarge(error)) {
            status = 413;
            detail = "the multipart body is larger than the limit";
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

    static void respond(Context ctx, int status, String detail) {
        ApiStyle style = ApiStyle.of(ctx);
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(status);
        ctx.json(style.body(status, TITLES.getOrDefault(status, "Error"), detail, ctx));
        ctx.contentType(style.contentType());
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"dossier\", ApiKey header=\"X-API-Key\"");
        }
        if (hasBody(ctx)) {
            // The body may be left unread (refused before it was read, or too large): without this the
            // server closes the connection after the response, and a client that reuses it loses its next request.
            ctx.header("Connection", "close");
        }
    }

    private static int statusOf(DocumentException e, ApiStyle style) {
        if (e instanceof DocumentException.InvalidInput) {
            return style == ApiStyle.PROBLEM || style == ApiStyle.STATUS_CODE ? 422 : 400;
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
            if (style == ApiStyle.DETAIL) {
                return 400;
            }
            return rejected.mediaTypeNotAccepted() ? 415 : 422;
        }
        if (e instanceof DocumentException.Unavailable) {
            return 503;
        }
        return 500;
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }

    /** True when the multipart parser stopped because a part or the whole body passed its limit. */
    private static boolean multipartTooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t instanceof IllegalStateException
                    && (message.contains("max file size exceeded") || message.contains("max length exceeded"))) {
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
}
