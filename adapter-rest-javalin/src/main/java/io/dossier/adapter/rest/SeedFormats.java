package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Small readings and writings the seed-compatible APIs share. */
final class SeedFormats {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    static final int MAX_JSON_BYTES = 64 * 1024;

    private SeedFormats() {
    }




    /** A boolean given as JSON boolean or as the string "true"/"false"; anything else is invalid input. */
    static Optional<Boolean> flexibleBoolean(JsonNode value) {
        String field = "isPublic";
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.asText()));
        }
        throw new DocumentException.InvalidInput(field + " must be true or false");
    }

    /** A boolean query parameter; 400 for anything but true/false. */
    static boolean queryFlag(Context ctx, String name, boolean absent) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw HttpProblem.badRequest(name + " must be true or false, got '" + Requests.shorten(value) + "'");
        }
        return Boolean.parseBoolean(lower);
    }

    /** ISO-8601 UTC with milliseconds, as the JavaScript-facing seeds show dates. */
    static String millis(Instant instant) {
        return MILLIS.format(instant);
    }

    /** ISO-8601 UTC to the second. */
    static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The trace id of a request, one rule for every API family: the one the client sent
     * (X-B3-TraceId), else a fresh one in B3's form (16 hex digits). Tags keep it.
     */
    static String traceId(Context ctx) {
        String sent = ctx.header("X-B3-TraceId");
        if (sent != null && sent.matches("[0-9A-Za-z-]{1,64}")) {
            return sent;
        }
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
