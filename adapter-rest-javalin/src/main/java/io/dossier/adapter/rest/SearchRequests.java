package io.dossier.adapter.rest;

import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.SearchDocumentsUseCase;
import io.dossier.domain.DocumentException;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.Visibility;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Search and filters of {@code GET /v1/documents} (and a patient's documents): reads the query
 * parameters strictly (an unknown one, one given twice or a bad value is a 400 that names it)
 * and answers a page of hits with a cursor to the next.
 */
final class SearchRequests {
    static final Set<String> FILTERS = Set.of("q", "tag", "tagState", "mediaType", "createdFrom", "createdTo",
            "modifiedFrom", "modifiedTo", "author", "visibility", "patient", "client", "project", "cursor");
    static final int DEFAULT_LIMIT = 20;

    private SearchRequests() {
    }

    /** True when the request asks for a search (any filter or word), not a plain listing. */
    static boolean asked(Context ctx) {
        return ctx.queryParamMap().keySet().stream().anyMatch(FILTERS::contains);
    }

    /** Refuses parameters outside {@code known}, and any given more than once. */
    static void requireKnown(Context ctx, Set<String> known) {
        for (String name : new TreeSet<>(ctx.queryParamMap().keySet())) {
            if (!known.contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter " + Requests.shorten(name) + " (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
            if (ctx.queryParams(name).size() > 1) {
                throw HttpProblem.badRequest("query parameter " + name + " is given more than once");
            }
        }
    }

    static void answer(Context ctx, EndpointContext w, Principal principal, Optional<Long> patient) {
        SearchQuery query;
        try {
            query = new SearchQuery(text(ctx, "q"), text(ctx, "tag"), integer(ctx, "tagState"), text(ctx, "mediaType"),
                    instant(ctx, "createdFrom", false), instant(ctx, "createdTo", true),
                    instant(ctx, "modifiedFrom", false), instant(ctx, "modifiedTo", true), text(ctx, "author"),
                    visibility(ctx), patient.isPresent() ? patient : number(ctx, "patient"), number(ctx, "client"),
                    number(ctx, "project"), text(ctx, "cursor"));
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        int limit = Requests.queryInt(ctx, "limit", DEFAULT_LIMIT, 1, SearchDocumentsUseCase.MAX_LIMIT);
        SearchDocumentsUseCase.Found found;
        try {
            found = w.dossier().search().search(principal, query, limit);
        } catch (DocumentException.InvalidInput e) {
            // Only the cursor is checked there (the rest was checked above): a bad parameter, 400.
            throw HttpProblem.badRequest(e.getMessage());
        }
        ctx.json(new NativeResponses.SearchPage(found.matches().stream().map(NativeResponses.HitJson::of).toList(),
                limit, found.next().orElse(null)));
    }

    private static Optional<String> text(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    private static Optional<Integer> integer(Context ctx, String name) {
        return text(ctx, name).map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest(name + " must be an integer, got '" + Requests.shorten(v) + "'");
            }
        });
    }

    private static Optional<Long> number(Context ctx, String name) {
        return text(ctx, name).map(v -> {
            try {
                long id = Long.parseLong(v.strip());
                if (id < 1) {
                    throw HttpProblem.badRequest(name + " must be a positive id, got " + id);
                }
                return id;
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest(name + " must be an integer id, got '" + Requests.shorten(v) + "'");
            }
        });
    }

    /** An ISO-8601 instant ({@code 2026-05-01T12:00:00Z}, an offset allowed) or a date (the day's start or end, UTC). */
    private static Optional<Instant> instant(Context ctx, String name, boolean endOfDay) {
        return text(ctx, name).map(v -> {
            String value = v.strip();
            try {
                if (value.length() == 10) {
                    LocalDate day = LocalDate.parse(value);
                    return endOfDay ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000)
                            : day.atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest(name + " must be an ISO-8601 date or date-time with offset, got '"
                        + Requests.shorten(value) + "'");
            }
        });
    }

    private static Optional<Visibility> visibility(Context ctx) {
        return text(ctx, "visibility").map(v -> switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "public" -> Visibility.PUBLIC;
            case "private" -> Visibility.PRIVATE;
            default -> throw HttpProblem.badRequest("visibility must be public or private, got '"
                    + Requests.shorten(v) + "'");
        });
    }
}
