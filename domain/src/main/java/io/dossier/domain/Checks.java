package io.dossier.domain;

import java.util.Objects;

/** Argument checks that raise {@link DocumentException.InvalidInput}, shared by the records. */
final class Checks {
    private Checks() {
    }

    static <T> T present(T value, String what) {
        if (value == null) {
            throw new DocumentException.InvalidInput(what + " is required");
        }
        return value;
    }

    static String text(String value, String what, int maxLength) {
        Objects.requireNonNull(what);
        if (value == null || value.isBlank()) {
            throw new DocumentException.InvalidInput(what + " is required");
        }
        if (value.length() > maxLength) {
            throw new DocumentException.InvalidInput(what + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new DocumentException.InvalidInput(String.format("%s contains the control character U+%04X at "
                        + "position %d", what, (int) value.charAt(i), i + 1));
            }
        }
        return value;
    }
}
