package io.dossier.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A named integer state on a document. Tags whose name ends in {@code :resistant} survive a
 * content replacement; all others are dropped by it.
 */
public record Tag(String name, int state, Instant createdAt, String traceId) {
    public static final int MAX_NAME_LENGTH = 128;
    /**
     * Segments of letters (any script), digits, {@code -}, {@code _} and {@code .}, each starting
     * with a letter or digit, joined by {@code :} (so {@code status:resistant} keeps its meaning).
     */
    private static final Pattern NAME = Pattern.compile(
            "[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}_.-]*(:[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}_.-]*)*");
    private static final String RESISTANT_SUFFIX = ":resistant";

    public Tag {
        name = checkName(name);
        Checks.present(createdAt, "tag creation date");
        traceId = traceId == null ? "" : Checks.freeText(traceId, "trace id");
    }

    /**
     * The name in its one spelling (Unicode NFC, so that "ä" typed two ways is one tag), or
     * {@link DocumentException.InvalidInput} saying what is wrong with it.
     */
    public static String checkName(String name) {
        Checks.present(name, "tag name");
        String normalized = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC);
        if (normalized.length() > MAX_NAME_LENGTH) {
            throw new DocumentException.InvalidInput("tag name has more than " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(normalized).matches()) {
            throw new DocumentException.InvalidInput("tag name '" + (normalized.length() > 64
                    ? normalized.substring(0, 64) + "…" : normalized) + "' is refused: a tag name is made of letters, "
                    + "digits, '-', '_' and '.', starting with a letter or digit, in segments joined by ':' "
                    + "(a name ending in ':resistant' survives content replacements)");
        }
        return normalized;
    }

    public boolean isResistant() {
        return name.endsWith(RESISTANT_SUFFIX);
    }
}
