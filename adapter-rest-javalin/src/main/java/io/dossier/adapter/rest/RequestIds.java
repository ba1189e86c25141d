package io.dossier.adapter.rest;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of each request: the client's own {@code X-Request-Id} when it is a plain token (so that
 * a proxy's id follows the request through), otherwise a new one. It is answered in the same
 * header, named in native problem bodies, and put in the logging context ({@code requestId}, and
 * {@code traceId}/{@code spanId} of a W3C {@code traceparent}) for every line logged while the
 * request is handled.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "dossier.requestId";
    /** Printable, no spaces or quotes, so that it cannot break a log line or a header. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

    private RequestIds() {
    }

    static void begin(Context ctx) {
        MDC.clear();
        String given = ctx.header(HEADER);
        String id = given != null && PLAIN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put("requestId", id);
        String traceparent = ctx.header("traceparent");
        if (traceparent != null) {
            Matcher m = TRACEPARENT.matcher(traceparent.strip());
            // All zeros is no trace (W3C Trace Context).
            if (m.matches() && !m.group(1).matches("0+") && !m.group(2).matches("0+")) {
                MDC.put("traceId", m.group(1));
                MDC.put("spanId", m.group(2));
            }
        }
    }

    /** This request's id, or null before {@link #begin}. */
    static String of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    static void end() {
        MDC.clear();
    }
}
