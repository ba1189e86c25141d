package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.Dossier;
import io.dossier.application.port.in.Principal;
import io.javalin.http.Context;

import java.time.Clock;

/** What every group of endpoints needs: the core, authentication, its options, the public-token codec, JSON and the clock. */
record EndpointContext(Dossier dossier, Authenticator authenticator, Options settings,
                       PublicTokenCodec publicTokens, ObjectMapper json, Clock clock) {

    /** The settings the endpoints read (a copy of the server's, so that they need not know the server). */
    record Options(long maxUploadBytes, long maxPdfBytes, java.time.Duration publicTokenLifetime,
                   java.util.Optional<String> eventsToken, java.util.Map<String, String> repositoryBuckets,
                   java.util.Optional<java.net.URI> publicUrl) {
    }

    Principal principal(Context ctx) {
        return Requests.principal(ctx, authenticator);
    }

    /**
     * The absolute URL of {@code path} (which starts with '/') as clients reach this server: on
     * the configured public URL, else on the scheme and Host the request came with.
     */
    String absoluteUrl(Context ctx, String path) {
        return settings.publicUrl().map(base -> base + path).orElseGet(() -> {
            String host = ctx.host();
            if (host == null || host.isBlank()) {
                host = "localhost";
            }
            return ctx.scheme() + "://" + host + path;
        });
    }
}
