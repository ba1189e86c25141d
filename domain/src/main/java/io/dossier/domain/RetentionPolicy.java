package io.dossier.domain;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Retains documents of a kind (those with a tag, or whose current content is of a media type)
 * for a period from their creation. A policy only ever extends a document's retention.
 */
public record RetentionPolicy(Kind kind, String value, Period period) {
    public enum Kind { TAG, MEDIA_TYPE }

    public RetentionPolicy {
        Checks.present(kind, "kind of a retention policy");
        value = kind == Kind.TAG ? Tag.checkName(value) : MediaTypes.essence(value);
        Checks.present(period, "period of a retention policy");
        if (period.isNegative() || period.isZero()) {
            throw new DocumentException.InvalidInput("a retention period is longer than 0, not " + period);
        }
    }

    /**
     * Reads {@code tag:NAME=PERIOD} or {@code type:MEDIA/TYPE=PERIOD}, the period in ISO 8601
     * ({@code P10Y}, {@code P6M}, {@code P30D}).
     */
    public static RetentionPolicy parse(String text) {
        String t = Checks.text(text, "retention policy", 300).trim();
        int colon = t.indexOf(':');
        int equals = t.lastIndexOf('=');
        if (colon < 1 || equals < colon + 2) {
            throw new DocumentException.InvalidInput("a retention policy reads tag:NAME=PERIOD or "
                    + "type:MEDIA/TYPE=PERIOD (such as tag:invoice=P10Y), not '" + t + "'");
        }
        Kind kind = switch (t.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
            case "tag" -> Kind.TAG;
            case "type" -> Kind.MEDIA_TYPE;
            default -> throw new DocumentException.InvalidInput("a retention policy is by tag: or type:, not '" + t + "'");
        };
        Period period;
        try {
            period = Period.parse(t.substring(equals + 1).trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new DocumentException.InvalidInput("'" + t.substring(equals + 1).trim()
                    + "' is not an ISO 8601 period such as P10Y or P30D");
        }
        return new RetentionPolicy(kind, t.substring(colon + 1, equals).trim(), period);
    }

    /** Until when this policy retains the document, if it applies to it. */
    public Optional<Instant> retentionOf(Document document) {
        boolean applies = switch (kind) {
            case TAG -> document.tag(value).isPresent();
            case MEDIA_TYPE -> document.currentVersion()
                    .map(v -> MediaTypes.essence(v.content().mediaType()).equals(value)).orElse(false);
        };
        return applies
                ? Optional.of(document.createdAt().atOffset(ZoneOffset.UTC).plus(period).toInstant())
                : Optional.empty();
    }

    @Override
    public String toString() {
        return (kind == Kind.TAG ? "tag:" : "type:") + value + "=" + period;
    }
}
