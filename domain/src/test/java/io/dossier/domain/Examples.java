package io.dossier.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** Fixed values for domain tests: no clock, no randomness. */
final class Examples {
    static final TenantId TENANT = new TenantId("acme");
    static final Author AUTHOR = new Author("Practitioner/1", "Max Mustermann");
    static final Author OTHER_AUTHOR = new Author("Practitioner/2", "Erika Musterfrau");
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final DocumentId DOCUMENT_ID = new DocumentId(UUID.fromString("00000000-0000-4000-8000-000000000001"));

    private Examples() {
    }

    static Document newDocument(Visibility visibility) {
        return Document.create(DOCUMENT_ID, 1, TENANT, Filing.UNFILED, Metadata.named("Report"), visibility, AUTHOR,
                T0);
    }

    /** Content with the given text; the stream id (and so the key) is derived from the text. */
    static ContentRef content(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String streamId = "S-" + sha256(bytes).substring(0, 16).toUpperCase();
        return new ContentRef("default", TENANT + "/" + DOCUMENT_ID + "/" + streamId, bytes.length, "text/plain",
                "report.txt", sha256(bytes), streamId);
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
