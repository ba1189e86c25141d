package io.dossier.application.service;

import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Transactions;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.in.NewContent;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.RetentionPolicy;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.Author;
import io.dossier.application.port.out.AuditTrail;
import java.util.Optional;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.TenantId;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The two steps every change with content takes: bytes first under a fresh key, then the
 * metadata in one optimistic transaction, retried on conflict. Shared by the services.
 */
final class DocumentChanges {
    private static final Logger LOG = Logger.getLogger(DocumentChanges.class.getName());
    static final int MAX_ATTEMPTS = 32;

    private final Documents documents;
    private final ContentStore store;
    private final IdSource ids;
    private final Transactions transactions;
    private final Renditions renditions;
    private final RenditionWork signal;
    private final DocumentSearch search;
    private final java.util.List<RetentionPolicy> policies;
    private final AuditTrail audit;
    private final java.time.Clock clock;

    DocumentChanges(Documents documents, ContentStore store, IdSource ids, Transactions transactions,
                    Renditions renditions, RenditionWork signal, DocumentSearch search) {
        this(documents, store, ids, transactions, renditions, signal, search, java.util.List.of(), AuditTrail.NONE,
                java.time.Clock.systemUTC());
    }

    /** Also applies the retention policies to every document it saves: a policy only extends a retention. */
    DocumentChanges(Documents documents, ContentStore store, IdSource ids, Transactions transactions,
                    Renditions renditions, RenditionWork signal, DocumentSearch search,
                    java.util.List<RetentionPolicy> policies, AuditTrail audit, java.time.Clock clock) {
        this.policies = java.util.List.copyOf(policies);
        this.audit = audit;
        this.clock = clock;
        this.search = search;
        this.documents = documents;
        this.store = store;
        this.ids = ids;
        this.transactions = transactions;
        this.renditions = renditions;
        this.signal = signal;
    }

    Document load(TenantId tenant, DocumentId id) {
        return documents.find(tenant, id)
                .orElseThrow(() -> new DocumentException.NotFound("document " + id + " does not exist"));
    }

    /** A document as saved, and what the change made (a version, a tag, a token). */
    record Saved<T>(Document document, T result) {
    }

    /**
     * Applies the change to the document as the caller loaded it (and checked it) and saves it.
     * Only when someone else saved first is it loaded again and the change applied again, so a
     * change must be safe to apply to a newer state. The caller's copy is not touched.
     */
    <T> Saved<T> change(Author actor, Document loaded, Function<Document, T> change) {
        return change(actor, loaded, change, () -> load(loaded.tenant(), loaded.id()));
    }

    /** The same, for a document that is loaded again by {@code reload} (one in the trash). */
    <T> Saved<T> change(Author actor, Document loaded, Function<Document, T> change,
                        java.util.function.Supplier<Document> reload) {
        Document document = loaded.atRevision(loaded.revision());
        for (int attempt = 1; ; attempt++) {
            Document before = document.atRevision(document.revision());
            int versionsBefore = document.versions().size();
            T result = change.apply(document);
            try {
                Saved<T> saved = new Saved<>(save(actor, Optional.of(before), document, versionsBefore), result);
                if (saved.document().versions().size() > versionsBefore) {
                    signal.signal();
                }
                return saved;
            } catch (DocumentException.Conflict conflict) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw conflict;
                }
                Thread.onSpinWait();
                document = reload.get();
            }
        }
    }

    /**
     * Saves a new document too; its versions get their pending renditions, and the search its
     * searchable fields, in the same unit of work.
     */
    Document save(Author actor, Document document) {
        Document saved = save(actor, Optional.empty(), document, 0);
        if (!saved.versions().isEmpty()) {
            signal.signal();
        }
        return saved;
    }

    /**
     * Runs a save made elsewhere (a new document with its first ticket, the hot path of upload
     * credentials) and then indexes what it saved. Not one unit of work, on purpose: a transaction
     * around the two cost two thirds of the credentials throughput (docs/performance.md). The
     * document has no content yet; should the index write fail, its next save (the upload's
     * completion) indexes it.
     */
    Document indexed(java.util.function.Supplier<Document> save) {
        Document saved = save.get();
        if (search != DocumentSearch.NONE) {
            try {
                search.index(saved);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "document " + saved.id() + " is not in the search until its next save", e);
            }
        }
        return saved;
    }

    private Document save(Author actor, Optional<Document> before, Document document, int versionsBefore) {
        Document saved = commit(actor, before, document, versionsBefore);
        lockRetained(before, saved, versionsBefore);
        return saved;
    }

    /**
     * Where the store locks objects (S3 Object Lock), a retained document's objects are locked
     * until its retention ends: all of them when the retention is new or longer, new ones
     * otherwise. After the commit: a lock is never taken for a change that did not happen. A lock
     * that fails is logged; Dossier's own refusal to delete still holds.
     */
    private void lockRetained(Optional<Document> before, Document saved, int versionsBefore) {
        Optional<java.time.Instant> until = saved.keeping().retainUntil().filter(u -> u.isAfter(clock.instant()));
        if (until.isEmpty() || !store.locksObjects()) {
            return;
        }
        boolean longer = !before.flatMap(b -> b.keeping().retainUntil()).equals(until);
        java.util.List<io.dossier.domain.Version> versions = longer ? saved.versions()
                : saved.versions().subList(Math.min(versionsBefore, saved.versions().size()), saved.versions().size());
        versions.stream().map(v -> v.content().storageKey()).distinct().forEach(key -> {
            try {
                store.lockUntil(key, until.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not lock " + key + " of retained document " + saved.id()
                        + " until " + until.get(), e);
            }
        });
    }

    private Document commit(Author actor, Optional<Document> before, Document document, int versionsBefore) {
        for (RetentionPolicy policy : policies) {
            policy.retentionOf(document).ifPresent(document::retainAtLeast);
        }
        java.util.List<io.dossier.domain.Version> added = document.versions()
                .subList(Math.min(versionsBefore, document.versions().size()), document.versions().size());
        boolean pend = !added.isEmpty() && renditions != Renditions.NONE;
        java.util.List<AuditEntry.Event> events = audit == AuditTrail.NONE ? java.util.List.of()
                : AuditEvents.between(before, document, actor, clock.instant());
        if (!pend && search == DocumentSearch.NONE && events.isEmpty()) {
            return documents.save(document);
        }
        return transactions.inTransaction(() -> {
            Document saved = documents.save(document);
            // In the same unit of work: an entry exists exactly when its change was committed.
            audit.append(events);
            if (pend) {
                for (io.dossier.domain.Version version : added) {
                    renditions.pend(saved.tenant(), Rendition.pending(saved.id(), version.number(),
                            version.createdAt()));
                }
            }
            search.index(saved);
            return saved;
        });
    }

    String repositoryFor(java.util.Optional<String> requested) {
        String repository = requested.orElse(store.defaultRepository());
        if (!store.repositories().contains(repository)) {
            throw new DocumentException.InvalidInput("unknown repository '" + repository + "'; known: "
                    + String.join(", ", new java.util.TreeSet<>(store.repositories())));
        }
        return repository;
    }

    static String keyFor(TenantId tenant, DocumentId id, String contentStreamId) {
        return tenant.value() + "/" + id + "/" + contentStreamId;
    }

    /** Checks the declared type, streams the bytes into the store and describes what was stored. */
    ContentRef store(TenantId tenant, DocumentId id, NewContent content) {
        String repository = repositoryFor(content.repositoryId());
        String essence = MediaTypes.essence(content.mediaType());
        if (!content.acceptedTypes().isEmpty() && content.acceptedTypes().stream().noneMatch(essence::startsWith)) {
            throw new DocumentException.ContentRejected("media type " + essence + " is not accepted; accepted: "
                    + String.join(", ", content.acceptedTypes()), true);
        }
        String streamId = ids.newContentStreamId();
        StorageKey key = new StorageKey(repository, keyFor(tenant, id, streamId));
        InputStream data = content.data();
        if (content.requireSignature() && MediaTypes.hasSignature(essence)) {
            data = checkedSignature(data, essence);
        }
        ContentStore.StoredContent stored = store.put(key, data, content.mediaType(), content.maxBytes(),
                content.length());
        if (stored.length() == 0) {
            // One policy on every path (presigned forms are signed for at least one byte too).
            discard(key);
            throw new DocumentException.InvalidInput(NewContent.EMPTY);
        }
        return new ContentRef(repository, key.key(), stored.length(), content.mediaType(), content.fileName(),
                stored.sha256(), streamId);
    }

    private static InputStream checkedSignature(InputStream data, String mediaType) {
        BufferedInputStream buffered = new BufferedInputStream(data, 64 * 1024);
        buffered.mark(MediaTypes.SIGNATURE_LENGTH);
        try {
            byte[] head = buffered.readNBytes(MediaTypes.SIGNATURE_LENGTH);
            buffered.reset();
            if (!MediaTypes.matchesSignature(mediaType, head)) {
                throw new DocumentException.ContentRejected("the content is not " + mediaType
                        + ": it does not start with that type's signature", false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content failed", e);
        }
        return buffered;
    }

    /**
     * Deletes an object whose version was not committed. Unknown outcomes (the store or the
     * database unreachable) are left to the sweeper, which checks references first.
     */
    private void discard(StorageKey key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete empty object " + key.key() + "; the sweeper will", e);
        }
    }

    void discard(ContentRef content, RuntimeException cause) {
        if (cause instanceof DocumentException.Unavailable || !(cause instanceof DocumentException)) {
            return;
        }
        try {
            store.delete(content.storageKey());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete uncommitted object " + content.key() + "; the sweeper will", e);
        }
    }
}
