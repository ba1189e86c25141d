package io.dossier.adapter.rest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications by client address, per minute of the clock. An address that failed
 * {@code perMinute} times in the current minute is answered 429 with {@code Retry-After} until
 * the minute is over, whatever credentials it sends then: guessing keys or tokens gets slow.
 * Each failure is logged with its address and reason, never with the credential.
 */
final class AuthenticationFailures {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFailures.class);
    /** Addresses kept at most; a flood of addresses empties the table rather than the heap. */
    private static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Clock clock;
    /** address → {minute, failures in it} */
    private final ConcurrentHashMap<String, long[]> failures = new ConcurrentHashMap<>();

    /** @param perMinute the failures an address may have in a minute; 0 for no limit */
    AuthenticationFailures(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Refuses an address that used up its failures for this minute. */
    void check(String address) {
        if (perMinute == 0) {
            return;
        }
        // Not clock.millis(): Java 17's tick clock of a microsecond (the service's) divides by zero there.
        long millis = clock.instant().toEpochMilli();
        long[] seen = failures.get(address);
        if (seen != null && seen[0] == millis / 60_000 && seen[1] >= perMinute) {
            long retryAfter = Math.max(1, (60_000 - millis % 60_000 + 999) / 1000);
            throw new HttpProblem(429, "too many failed authentications from this address; try again in "
                    + retryAfter + " s").withHeader("Retry-After", Long.toString(retryAfter));
        }
    }

    void failed(String address, String reason) {
        LOG.warn("authentication failed from {}: {}", address, reason);
        if (perMinute == 0) {
            return;
        }
        if (failures.size() >= MAX_ADDRESSES) {
            failures.clear();
        }
        long minute = clock.instant().toEpochMilli() / 60_000;
        failures.compute(address, (a, seen) -> seen == null || seen[0] != minute
                ? new long[] {minute, 1} : new long[] {minute, seen[1] + 1});
    }
}
