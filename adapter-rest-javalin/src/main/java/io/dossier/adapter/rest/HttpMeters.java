package io.dossier.adapter.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP meters: {@code http.server.requests} (a latency histogram by method, route template and
 * status) and the bytes received and sent by route. Routes are templates, so that the number of
 * series stays bounded whatever paths clients send; a path that matched none is {@code -}.
 */
final class HttpMeters {
    private HttpMeters() {
    }

    static void record(MeterRegistry registry, String method, String route, int status, float millis, long received,
                       long sent) {
        Timer.builder("http.server.requests").description("HTTP requests answered")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        if (received > 0) {
            Counter.builder("http.server.bytes.received").baseUnit("bytes").tag("route", route)
                    .register(registry).increment(received);
        }
        if (sent > 0) {
            Counter.builder("http.server.bytes.sent").baseUnit("bytes").tag("route", route)
                    .register(registry).increment(sent);
        }
    }
}
