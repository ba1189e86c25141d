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
        return freeText(value, what);
    }

    /**
     * Free text (a description, a property's value, a trace id): any character but U+0000 and
     * halves of surrogate pairs, which no UTF-8 store can keep (PostgreSQL refuses the one, the
     * driver turns the other into '?'). Line breaks and tabs are text here.
     */
    static String freeText(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new DocumentException.InvalidInput(what + " contains the character U+0000 at position " + (i + 1));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new DocumentException.InvalidInput(String.format(
                            "%s contains half of a surrogate pair (U+%04X) at position %d", what, (int) c, i + 1));
                }
                i++;
            }
        }
        return value;
    }
}
