package io.dossier.testing.contract;

import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.TenantId;
import io.dossier.domain.Visibility;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** Makers of model objects for tests. */
public final class Fixtures {
    public static final TenantId TENANT = new TenantId("acme");
    public static final TenantId OTHER_TENANT = new TenantId("globex");
    public static final Author AUTHOR = new Author("Practitioner/1", "Max Mustermann");
    /** Microsecond precision: what PostgreSQL keeps of an instant. */
    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    private Fixtures() {
    }

    public static Document newDocument(TenantId tenant, long number) {
        return Document.create(new DocumentId(UUID.randomUUID()), number, tenant, Filing.UNFILED,
                Metadata.named("doc-" + number), Visibility.PRIVATE, AUTHOR, now());
    }

    public static ContentRef content(String repository, String keyPrefix, byte[] bytes, String mediaType) {
        String streamId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        return new ContentRef(repository, keyPrefix + "/" + streamId, bytes.length, mediaType, "file.bin",
                sha256(bytes), streamId);
    }

    public static ContentRef content(String text) {
        return content("default", "acme/doc", text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Random bytes that begin as a PDF does, so that they pass as one. */
    public static byte[] pdf(int length, long seed) {
        byte[] bytes = randomBytes(length, seed);
        byte[] head = "%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, Math.min(head.length, length));
        return bytes;
    }
}
