package io.dossier.testing.usecases;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.ContentStore.StoredObject;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Author;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;
import io.dossier.domain.Visibility;
import io.dossier.testing.InMemoryContentStore;
import io.dossier.testing.InMemoryDocuments;
import io.dossier.testing.InMemoryUploadTickets;
import io.dossier.testing.TestClock;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** One document core on in-memory adapters and a clock that moves only when a test says so. */
final class Core {
    static final TenantId TENANT = new TenantId("acme");
    static final TenantId OTHER_TENANT = new TenantId("globex");
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    static final Duration UPLOAD_LIFETIME = Duration.ofMinutes(15);
    static final Duration SWEEP_GRACE = Duration.ofHours(1);
    static final long LIMIT = 1024 * 1024;

    final TestClock clock = new TestClock(START);
    final InMemoryDocuments documents = new InMemoryDocuments();
    final InMemoryContentStore store = new InMemoryContentStore(clock, "default", "archive");
    final InMemoryUploadTickets tickets = new InMemoryUploadTickets(documents);
    final io.dossier.testing.InMemoryAuditTrail audit = new io.dossier.testing.InMemoryAuditTrail();
    final io.dossier.testing.InMemoryResumableUploads resumable = new io.dossier.testing.InMemoryResumableUploads();
    static final Duration RESUMABLE_LIFETIME = Duration.ofHours(6);
    final Dossier dossier;

    Core() {
        this(java.util.List.of());
    }

    /** A core whose documents get retentions by these policies. */
    Core(java.util.List<io.dossier.domain.RetentionPolicy> policies) {
        dossier = instance(policies);
    }

    /** A second core over the same stores, as a second instance of the service is. */
    Dossier anotherInstance() {
        return instance(java.util.List.of());
    }

    private Dossier instance(java.util.List<io.dossier.domain.RetentionPolicy> policies) {
        return Dossier.builder()
                .documents(documents)
                .contentStore(store)
                .uploadTickets(tickets)
                .transactions(new io.dossier.testing.InMemoryTransactions(documents, tickets,
                        new io.dossier.testing.InMemoryRenditions(documents), audit))
                .auditTrail(audit)
                .clock(clock)
                .uploadLifetime(UPLOAD_LIFETIME)
                .sweepGrace(SWEEP_GRACE)
                .retentionPolicies(policies)
                .resumableUploads(resumable)
                .resumableUploadLifetime(RESUMABLE_LIFETIME)
                .build();
    }

    final Principal alice = Principal.fullAccess(TENANT, new Author("User/alice", "Alice"));
    final Principal bob = Principal.fullAccess(TENANT, new Author("User/bob", "Bob"));
    final Principal reader = new Principal(TENANT, new Author("User/reader", "Reader"),
            Set.of(Principal.Permission.READ), Optional.empty());
    final Principal writeOnly = new Principal(TENANT, new Author("User/writer", "Writer"),
            Set.of(Principal.Permission.WRITE), Optional.empty());
    final Principal stranger = Principal.fullAccess(OTHER_TENANT, new Author("User/mallory", "Mallory"));

    static NewContent text(String text) {
        return NewContent.of(new ByteArrayInputStream(bytes(text)), "note.txt", "text/plain", LIMIT);
    }

    static NewContent content(byte[] bytes, String fileName, String mediaType) {
        return NewContent.of(new ByteArrayInputStream(bytes), fileName, mediaType, LIMIT);
    }

    Document createEmpty(String name, Visibility visibility) {
        return dossier.createDocument().create(new CreateDocumentUseCase.Command(alice, Filing.UNFILED,
                Metadata.named(name), visibility, Optional.empty()));
    }

    Document createWith(String text) {
        return createWith(text, Visibility.PRIVATE);
    }

    Document createWith(String text, Visibility visibility) {
        return dossier.createDocument().create(new CreateDocumentUseCase.Command(alice, Filing.UNFILED,
                Metadata.named("Note"), visibility, Optional.of(text(text))));
    }

    Version replace(DocumentId id, String text) {
        return dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(alice, id, text(text)))
                .currentVersion().orElseThrow();
    }

    List<Version> versions(DocumentId id) {
        return dossier.listVersions().versions(alice, id);
    }

    /** Every object in every repository of the store. */
    List<StorageKey> objects() {
        return store.repositories().stream().flatMap(repository -> {
            try (Stream<StoredObject> listed = store.list(repository, "")) {
                return listed.map(StoredObject::key).toList().stream();
            }
        }).sorted(java.util.Comparator.comparing(StorageKey::toString)).toList();
    }

    boolean stored(StorageKey key) {
        return store.stat(key).isPresent();
    }

    String currentText(DocumentId id) {
        return read(dossier.content().open(alice, id, Optional.empty()), Optional.empty());
    }

    static String read(VersionContent content, Optional<ByteRange> range) {
        try (InputStream in = content.open(range)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return sha256(bytes(text));
    }
}
