package io.dossier.domain;

import java.util.UUID;

/** Identity of a document; stable for its whole life. */
public record DocumentId(UUID value) {
    public DocumentId {
        Checks.present(value, "document id");
    }

    public static DocumentId parse(String text) {
        try {
            return new DocumentId(UUID.fromString(Checks.text(text, "document id", 36)));
        } catch (IllegalArgumentException e) {
            throw new DocumentException.InvalidInput("document id is not a UUID: " + text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
