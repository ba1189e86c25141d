package io.dossier.domain;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A named integer state on a document. Tags whose name ends in {@code :resistant} survive a
 * content replacement; all others are dropped by it.
 */
public record Tag(String name, int state, Instant createdAt, String traceId) {
    public static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[a-z](:?[a-z][a-z0-9]*)*");
    private static final String RESISTANT_SUFFIX = ":resistant";

    public Tag {
        checkName(name);
        Checks.present(createdAt, "tag creation date");
        traceId = traceId == null ? "" : traceId;
    }

    public static String checkName(String name) {
        Checks.present(name, "tag name");
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new DocumentException.InvalidInput(
                    "tag name must match " + NAME.pattern() + " and have at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    public boolean isResistant() {
        return name.endsWith(RESISTANT_SUFFIX);
    }
}
