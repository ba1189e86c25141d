package io.dossier.application.service;

import io.dossier.application.port.in.MakeRenditionsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.RenditionsUseCase;
import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.TextExtractor;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Text renditions: shows them to readers, and makes the due ones for the workers. A text is
 * written to a temporary file first (bounded by the extractor's cap), then stored as a stream
 * of its own next to its version, then recorded; an object stored but never recorded is left
 * to the sweeper. A failure of the store or the database is tried again later with a growing
 * delay; a file that cannot be read fails at once, for good, with the reason kept.
 */
final class RenditionService implements RenditionsUseCase, MakeRenditionsUseCase {
    private static final Logger LOG = Logger.getLogger(RenditionService.class.getName());

    /** How renditions are made: the tries, the delay between them, how long a claim lasts. */
    record Settings(int maxAttempts, Duration firstRetry, Duration lease) {
        static final Settings DEFAULT = new Settings(5, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    private final Documents documents;
    private final ContentStore store;
    private final Renditions renditions;
    private final Optional<TextExtractor> extractor;
    private final DocumentChanges changes;
    private final Clock clock;
    private final IdSource ids;
    private final Settings settings;
    private final RenditionWork signal;
    private final DocumentSearch search;
    private final Transactions transactions;

    RenditionService(Documents documents, ContentStore store, Renditions renditions, Optional<TextExtractor> extractor,
                     DocumentChanges changes, Clock clock, IdSource ids, Settings settings, RenditionWork signal,
                     DocumentSearch search, Transactions transactions) {
        this.search = search;
        this.transactions = transactions;
        this.documents = documents;
        this.store = store;
        this.renditions = renditions;
        this.extractor = extractor;
        this.changes = changes;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
        this.signal = signal;
    }

    // ---- reading ----------------------------------------------------------------------------

    @Override
    public Optional<Rendition> rendition(Principal principal, DocumentId documentId, VersionNumber version) {
        Document document = readable(principal, documentId);
        requireVersion(document, version);
        return renditions.find(document.tenant(), documentId, version);
    }

    @Override
    public List<Rendition> renditions(Principal principal, DocumentId documentId) {
        Document document = readable(principal, documentId);
        return renditions.ofDocument(document.tenant(), documentId);
    }

    @Override
    public List<Rendition> renditions(Principal principal, Document read) {
        principal.require(Permission.READ);
        if (!read.tenant().equals(principal.tenant())) {
            throw new DocumentException.NotFound("document " + read.id() + " does not exist");
        }
        principal.requireReach(read.filing());
        return renditions.ofDocument(read.tenant(), read.id());
    }

    @Override
    public Optional<Rendition> await(Principal principal, DocumentId documentId, VersionNumber version,
                                     Duration patience) {
        Document document = readable(principal, documentId);
        requireVersion(document, version);
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 5;
        while (true) {
            Optional<Rendition> found = renditions.find(document.tenant(), documentId, version);
            // A core without an extractor makes none here, so it does not wait for one.
            if (found.isEmpty() || !found.get().isPending() || extractor.isEmpty() || System.nanoTime() >= deadline) {
                return found;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
            pause = Math.min(pause * 2, 100);
        }
    }

    @Override
    public VersionContent text(Principal principal, DocumentId documentId, VersionNumber number) {
        Document document = readable(principal, documentId);
        Version version = requireVersion(document, number);
        Optional<Rendition> found = renditions.find(document.tenant(), documentId, number);
        ContentRef text = found.flatMap(Rendition::content).orElseThrow(() -> new DocumentException.NotFound(
                "version " + number + " of document " + documentId + " has no text rendition" + note(found)));
        Version asText = new Version(version.number(), text, version.metadata(), version.createdAt(),
                version.author(), version.basedOn(), version.restoredFrom());
        return new VersionContent() {
            @Override
            public DocumentId documentId() {
                return documentId;
            }

            @Override
            public Version version() {
                return asText;
            }

            @Override
            public InputStream open(Optional<ByteRange> range) {
                range.ifPresent(r -> {
                    if (r.last() >= text.length()) {
                        throw new DocumentException.InvalidInput("range " + r.first() + "-" + r.last()
                                + " is outside the text's " + text.length() + " bytes");
                    }
                });
                return store.open(text.storageKey(), range);
            }
        };
    }

    private static String note(Optional<Rendition> found) {
        return found.map(r -> switch (r.state()) {
                    case PENDING -> " yet: it is pending";
                    case FAILED -> ": making it failed (" + r.reason().orElse("") + ")";
                    case NOT_APPLICABLE -> ": " + r.reason().orElse("its type has no text");
                    case DONE -> "";
                }).orElse(": none is made for it");
    }

    private Document readable(Principal principal, DocumentId id) {
        principal.require(Permission.READ);
        Document document = changes.load(principal.tenant(), id);
        principal.requireReach(document.filing());
        return document;
    }

    private static Version requireVersion(Document document, VersionNumber number) {
        return document.version(number).orElseThrow(() -> new DocumentException.NotFound("version " + number
                + " of document " + document.id() + " does not exist"));
    }

    // ---- making -----------------------------------------------------------------------------

    @Override
    public int makeDue(int max) {
        if (extractor.isEmpty()) {
            return 0;
        }
        List<Renditions.Job> jobs = renditions.claim(max, clock.instant(), settings.lease());
        for (Renditions.Job job : jobs) {
            make(job);
        }
        return jobs.size();
    }

    @Override
    public void awaitWork(Duration timeout) throws InterruptedException {
        signal.await(timeout);
    }

    @Override
    public int pendStale(int max) {
        return extractor.map(e -> renditions.pendStale(e.maker(), max, clock.instant())).orElse(0);
    }

    private void make(Renditions.Job job) {
        TextExtractor maker = extractor.orElseThrow();
        Rendition pending = job.rendition();
        Optional<Version> version = documents.find(job.tenant(), pending.documentId())
                .flatMap(d -> d.version(pending.version()));
        if (version.isEmpty()) {
            // The document was deleted after the job was claimed; its rendition went with it.
            return;
        }
        ContentRef content = version.get().content();
        Instant now = clock.instant();
        if (content.length() > maker.maxContentBytes()) {
            finish(job, pending.failed("the content has " + content.length() + " bytes, more than the "
                    + maker.maxContentBytes() + " that are extracted", now), maker);
            return;
        }
        Path text = null;
        try {
            text = Files.createTempFile("dossier-text-", ".txt");
            TextExtractor.Extraction extraction;
            try (InputStream in = store.open(content.storageKey(), Optional.empty());
                 OutputStream out = Files.newOutputStream(text)) {
                extraction = maker.extract(in, content.mediaType(), content.fileName(), out);
            }
            Instant done = clock.instant();
            Rendition outcome = switch (extraction.outcome()) {
                case NO_TEXT -> pending.notApplicable(extraction.note().orElseThrow(), done);
                case FAILED -> pending.failed(extraction.note().orElseThrow(), done);
                case TEXT, TRUNCATED -> pending.done(storeText(job, content, text), extraction.note(), done);
            };
            if (outcome.state() == Rendition.State.DONE) {
                // Found by search exactly when the rendition says done: both in one unit of work.
                String searchable = head(text, DocumentSearch.MAX_TEXT_CHARS);
                transactions.inTransaction(() -> {
                    search.indexText(job.tenant(), pending.documentId(), content.sha256(), searchable);
                    finish(job, outcome, maker);
                    return null;
                });
            } else {
                finish(job, outcome, maker);
            }
        } catch (IOException | RuntimeException e) {
            retryOrGiveUp(job, e, maker);
        } finally {
            if (text != null) {
                try {
                    Files.deleteIfExists(text);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "could not delete " + text, e);
                }
            }
        }
    }

    /** The first {@code chars} characters of a UTF-8 file, read no further. */
    private static String head(Path file, int chars) throws IOException {
        try (java.io.Reader reader = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            char[] buffer = new char[chars];
            int filled = 0;
            for (int n; filled < chars && (n = reader.read(buffer, filled, chars - filled)) > 0; ) {
                filled += n;
            }
            return new String(buffer, 0, filled);
        } catch (java.nio.charset.MalformedInputException e) {
            return "";
        }
    }

    private ContentRef storeText(Renditions.Job job, ContentRef of, Path text) throws IOException {
        String streamId = ids.newContentStreamId();
        StorageKey key = new StorageKey(of.repositoryId(),
                DocumentChanges.keyFor(job.tenant(), job.rendition().documentId(), streamId));
        long length = Files.size(text);
        try (InputStream in = Files.newInputStream(text)) {
            ContentStore.StoredContent stored = store.put(key, in, Rendition.MEDIA_TYPE, Math.max(1, length),
                    java.util.OptionalLong.of(length));
            return new ContentRef(of.repositoryId(), key.key(), stored.length(), Rendition.MEDIA_TYPE,
                    Rendition.FILE_NAME, stored.sha256(), streamId);
        }
    }

    private void finish(Renditions.Job job, Rendition outcome, TextExtractor maker) {
        renditions.record(job.tenant(), outcome, outcome.updatedAt(), maker.maker());
    }

    private void retryOrGiveUp(Renditions.Job job, Exception cause, TextExtractor maker) {
        Rendition pending = job.rendition();
        String reason = cause instanceof UncheckedIOException u && u.getCause() != null
                ? u.getMessage() + ": " + u.getCause().getMessage() : String.valueOf(cause.getMessage());
        Instant now = clock.instant();
        try {
            if (pending.attempts() + 1 >= settings.maxAttempts()) {
                LOG.log(Level.WARNING, "rendition of " + pending.documentId() + " v" + pending.version()
                        + " failed for good after " + (pending.attempts() + 1) + " tries: " + reason, cause);
                finish(job, pending.failed("gave up after " + (pending.attempts() + 1) + " tries: " + reason, now),
                        maker);
            } else {
                Duration delay = settings.firstRetry().multipliedBy(1L << Math.min(pending.attempts(), 10));
                LOG.log(Level.INFO, "rendition of " + pending.documentId() + " v" + pending.version()
                        + " is tried again in " + delay + ": " + reason);
                renditions.record(job.tenant(), pending.retried(reason, now), now.plus(delay), maker.maker());
            }
        } catch (RuntimeException e) {
            // The lease ends by itself and another try comes then.
            LOG.log(Level.WARNING, "could not record the outcome of a rendition of " + pending.documentId(), e);
        }
    }
}
