package io.dossier.adapter.rest;

import io.dossier.domain.AuditEntry;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code GET /v1/audit}: the tenant's audit entries, newest first, for holders of the audit scope. */
final class AuditApi implements Endpoints {
    private static final Set<String> PARAMETERS = Set.of("document", "principal", "action", "from", "to", "offset",
            "limit");

    record EntryJson(long sequence, Instant at, String principal, String action, String documentId, Integer version,
                     String detail, String previousHash, String hash) {
        static EntryJson of(AuditEntry e) {
            return new EntryJson(e.sequence(), e.at(), e.actor(), e.action().name().toLowerCase(Locale.ROOT),
                    e.document().map(Object::toString).orElse(null), e.version().orElse(null), e.detail(),
                    e.previousHash(), e.hash());
        }
    }

    record EntriesJson(List<EntryJson> items, int offset, int limit) {
    }

    @Override
    public void register(FamilyRoutes routes, EndpointContext w) {
        routes.get("/v1/audit", ctx -> {
            var principal = w.principal(ctx);
            SearchRequests.requireKnown(ctx, PARAMETERS);
            int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Requests.queryInt(ctx, "limit", NativeApi.DEFAULT_PAGE_SIZE, 1, NativeApi.MAX_PAGE_SIZE);
            io.dossier.domain.AuditQuery query = new io.dossier.domain.AuditQuery(
                    Optional.ofNullable(ctx.queryParam("document")).map(AuditApi::document),
                    Optional.ofNullable(ctx.queryParam("principal")).filter(p -> !p.isBlank()),
                    Optional.ofNullable(ctx.queryParam("action")).map(AuditApi::action),
                    instant(ctx, "from"), instant(ctx, "to"));
            ctx.json(new EntriesJson(w.dossier().audit().find(principal, query, offset, limit).stream()
                    .map(EntryJson::of).toList(), offset, limit));
        });
    }

    private static io.dossier.domain.DocumentId document(String value) {
        try {
            return io.dossier.domain.DocumentId.parse(value);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest("document must be a UUID, got '" + Requests.shorten(value) + "'");
        }
    }

    private static AuditEntry.Action action(String value) {
        try {
            return AuditEntry.Action.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("action must be one of " + java.util.Arrays.stream(AuditEntry.Action.values())
                    .map(a -> a.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + Requests.shorten(value) + "'");
        }
    }

    private static Optional<Instant> instant(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(v -> {
            try {
                Instant at = Instant.parse(v.strip());
                if (at.isBefore(Instant.parse("0001-01-01T00:00:00Z")) || at.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                    throw HttpProblem.badRequest(name + " must lie within the years 1 to 9999");
                }
                return at;
            } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest(name + " must be an instant such as 2026-01-31T00:00:00Z, not '"
                        + Requests.shorten(v) + "'");
            }
        });
    }
}
