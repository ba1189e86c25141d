package io.dossier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request made under an {@code Idempotency-Key}: in flight until its answer is kept, then
 * answered again, as it was, to a retry of the same request within the key's lifetime.
 *
 * @param fingerprint what identifies the request (method, path, body digest); known once done
 */
public record IdempotentRequest(TenantId tenant, String key, State state, Optional<String> fingerprint,
                                Optional<Answer> answer, Instant createdAt) {
    /** How long a key is remembered (the draft's recommendation: at least 24 hours). */
    public static final Duration LIFETIME = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    public enum State { IN_FLIGHT, DONE }

    /** An answer as it was sent: status, the headers that matter to a client, body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public Answer {
            if (status < 100 || status > 599) {
                throw new DocumentException.InvalidInput("not an HTTP status: " + status);
            }
            headers = Map.copyOf(headers);
            body = body.clone();
            if (body.length > MAX_ANSWER_BYTES) {
                throw new DocumentException.InvalidInput("an answer kept for a retry is at most " + MAX_ANSWER_BYTES
                        + " bytes");
            }
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    public IdempotentRequest {
        Checks.present(tenant, "tenant");
        key = checkKey(key);
        Checks.present(state, "state");
        fingerprint = fingerprint == null ? Optional.empty() : fingerprint;
        answer = answer == null ? Optional.empty() : answer;
        Checks.present(createdAt, "time of the request");
        if (state == State.DONE && (fingerprint.isEmpty() || answer.isEmpty())) {
            throw new DocumentException.InvalidInput("a done request has its fingerprint and its answer");
        }
    }

    /** A key as the header gives it: printable ASCII without spaces, 1 to 255 characters. */
    public static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new DocumentException.InvalidInput("an Idempotency-Key is 1 to 255 printable ASCII characters"
                    + " without spaces");
        }
        return key;
    }

    public static IdempotentRequest inFlight(TenantId tenant, String key, Instant now) {
        return new IdempotentRequest(tenant, key, State.IN_FLIGHT, Optional.empty(), Optional.empty(), now);
    }

    public IdempotentRequest done(String requestFingerprint, Answer kept) {
        return new IdempotentRequest(tenant, key, State.DONE, Optional.of(requestFingerprint), Optional.of(kept),
                createdAt);
    }

    /** True once the key's lifetime has passed: the key is free again. */
    public boolean isExpiredAt(Instant now) {
        return !createdAt.plus(LIFETIME).isAfter(now);
    }
}
