package io.dossier.application.service;

import io.dossier.application.port.in.CompleteUploadUseCase.Completion;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.ContentStore.StoredObject;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns uploads that have landed in the store into versions: the one collaborator that does it,
 * for the explicit completion, storage events, the sweeper and the reads that show content (so
 * that a client that uploaded straight to the store sees its version). A document without an
 * open ticket costs one lookup and no store call.
 */
final class LandedUploads {
    private static final Logger LOG = Logger.getLogger(LandedUploads.class.getName());

    private final Documents documents;
    private final ContentStore store;
    private final UploadTickets tickets;
    private final Transactions transactions;
    private final Clock clock;
    private final IdSource ids;
    private final DocumentChanges changes;

    LandedUploads(Documents documents, ContentStore store, UploadTickets tickets, Transactions transactions,
                  Clock clock, IdSource ids, DocumentChanges changes) {
        this.documents = documents;
        this.store = store;
        this.tickets = tickets;
        this.transactions = transactions;
        this.clock = clock;
        this.ids = ids;
        this.changes = changes;
    }

    /**
     * The document with every upload that has landed made a version. A store that does not
     * answer leaves the uploads open (the next read tries again) and the document as it is, so
     * that what the database knows can still be shown.
     */
    Document settle(Document document) {
        List<Completion> done;
        try {
            done = completeAll(document.tenant(), document.id());
        } catch (DocumentException.Unavailable e) {
            LOG.log(Level.INFO, "landed uploads of " + document.id() + " wait for the store: " + e.getMessage());
            return document;
        }
        return done.isEmpty() ? document : changes.load(document.tenant(), document.id());
    }

    /** Completes every landed upload of a document; answers those that made (or had made) a version. */
    List<Completion> completeAll(TenantId tenant, DocumentId documentId) {
        List<Completion> done = new ArrayList<>();
        for (UploadTicket ticket : tickets.openTickets(tenant, documentId)) {
            try {
                Completion completion = complete(ticket);
                if (completion.version().isPresent()) {
                    done.add(completion);
                }
            } catch (DocumentException.ContentRejected rejected) {
                LOG.info(() -> "upload " + ticket.id() + " refused: " + rejected.getMessage());
            } catch (DocumentException.Conflict changing) {
                // Posted again and again while it was read: a later read tries again; this one shows what is there.
                LOG.info(() -> "upload " + ticket.id() + " left open: " + changing.getMessage());
            }
        }
        return done;
    }

    /**
     * Checks the landed object and commits the version it makes. Without an object the ticket
     * stays open (and the completion has no version), unless it has expired.
     *
     * <p>The version never refers to the upload key: the presigned form stays valid until it
     * expires, so the client could post it again and change the object under that key. The
     * landed object is read once and written to a fresh server key as it is hashed and its
     * signature checked, so the version names a copy whose every byte was hashed on its way in;
     * the upload key is deleted once the ticket is completed (a later re-post there is an
     * orphan, which the sweeper removes). Reading and writing in one pass costs about one write
     * of the object; a copy inside the store and then a read of the copy to hash it cost a
     * write and a read one after the other (ADR 0016).
     */
    Completion complete(UploadTicket ticket) {
        return complete(ticket, false, Optional.empty());
    }

    /**
     * For an upload only Dossier writes to (a resumable one: its key has no presigned form): the
     * object is checked where it lies, with no copy, and the version names the upload key. Its
     * SHA-256, when computed as the bytes streamed through, is taken as given; then only the
     * first bytes are read back (for the signature of the declared type).
     */
    Completion completeInPlace(UploadTicket ticket, Optional<String> sha256) {
        return complete(ticket, true, sha256);
    }

    private Completion complete(UploadTicket ticket, boolean inPlace, Optional<String> sha256) {
        for (int attempt = 1; ; attempt++) {
            try {
                return completeOnce(ticket, inPlace, sha256);
            } catch (LandedBytes.Changed changed) {
                // Posted again while it was read: the next attempt reads what is there now.
                if (attempt == 3) {
                    throw new DocumentException.Conflict("upload " + ticket.id()
                            + " kept changing while it was checked; complete it again");
                }
            }
        }
    }

    private Completion completeOnce(UploadTicket ticket, boolean inPlace, Optional<String> sha256) {
        switch (ticket.state()) {
            case COMPLETED:
                return new Completion(ticket, documentVersion(ticket));
            case FAILED:
                throw new DocumentException.ContentRejected("upload " + ticket.id() + " was refused: "
                        + ticket.failure().orElse("unknown reason"), false);
            case EXPIRED:
                throw new DocumentException.Conflict("upload " + ticket.id() + " expired unused");
            default:
                break;
        }
        StorageKey key = new StorageKey(ticket.repositoryId(), ticket.key());
        Optional<StoredObject> stored = store.stat(key);
        if (stored.isEmpty()) {
            return notLanded(ticket);
        }
        if (stored.get().length() == 0) {
            throw refuse(ticket, key, Optional.empty(), NewContent.EMPTY);
        }
        if (stored.get().length() > ticket.maxBytes()) {
            throw refuse(ticket, key, Optional.empty(), "the upload has " + stored.get().length()
                    + " bytes, more than the limit of " + ticket.maxBytes());
        }
        StorageKey copy = inPlace ? key : new StorageKey(ticket.repositoryId(),
                DocumentChanges.keyFor(ticket.tenant(), ticket.documentId(), ids.newContentStreamId()));
        ContentRef content;
        try {
            if (!inPlace) {
                content = copyChecked(ticket, key, copy, stored.get().length());
            } else {
                content = sha256.isPresent() ? verifyHead(ticket, key, stored.get().length(), sha256.get())
                        : verify(ticket, key, copy);
            }
        } catch (DocumentException.ContentRejected rejected) {
            throw rejected;
        } catch (DocumentException.NotFound gone) {
            // A concurrent completion finished and removed the upload key, or the sweeper did.
            if (!inPlace) {
                deleteQuietly(copy);
            }
            return notLanded(ticket);
        } catch (LandedBytes.Changed changed) {
            deleteQuietly(copy);
            throw changed;
        } catch (RuntimeException e) {
            if (!inPlace) {
                deleteQuietly(copy);
            }
            throw e;
        }
        Version version;
        try {
            // The version and the completed ticket are one commit: no reader sees one without the other.
            version = transactions.inTransaction(() -> {
                Version made = changes.change(ticket.author(), changes.load(ticket.tenant(), ticket.documentId()),
                        // A version made by a concurrent completion of the same ticket is reused, never repeated.
                        document -> document.versionIntroducing(ticket.contentStreamId()).orElseGet(() ->
                                document.replaceContent(content, Optional.empty(), ticket.author(), clock.instant(),
                                        ticket.basedOn()))).result();
                ticket.complete(made.number());
                tickets.save(ticket);
                return made;
            });
        } catch (RuntimeException e) {
            if (!inPlace) {
                // In place, the bytes stay for the next completion (a read, the sweeper) to try again.
                changes.discard(content, e);
            }
            throw e;
        }
        if (!inPlace && !version.content().storageKey().equals(copy)) {
            deleteQuietly(copy); // a concurrent completion's copy won
        }
        // Only after the ticket says completed: a completion that now finds no object sees that.
        // A version made before copies were taken may name the upload key itself: then it stays.
        if (!documents.references(key)) {
            deleteQuietly(key);
        }
        return new Completion(ticket, Optional.of(version));
    }

    /** Nothing at the upload key: still open, unless a concurrent completion finished meanwhile. */
    private Completion notLanded(UploadTicket ticket) {
        UploadTicket current = tickets.find(ticket.tenant(), ticket.id()).orElse(ticket);
        if (current.state() == UploadTicket.State.COMPLETED) {
            return new Completion(current, documentVersion(current));
        }
        return new Completion(ticket, Optional.empty());
    }

    private void deleteQuietly(StorageKey key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete " + key.key() + "; the sweeper will", e);
        }
    }

    private Optional<Version> documentVersion(UploadTicket ticket) {
        return ticket.version().flatMap(n -> documents.find(ticket.tenant(), ticket.documentId())
                .flatMap(d -> d.version(n)));
    }

    /**
     * Reads the copy's bytes once: length, SHA-256 and the signature of the declared type. What
     * is recorded is what the version will refer to.
     */
    private ContentRef verify(UploadTicket ticket, StorageKey key, StorageKey copy) {
        MeasuringInputStream measured;
        byte[] head;
        try (InputStream in = store.open(copy, Optional.empty())) {
            measured = new MeasuringInputStream(in, ticket.maxBytes());
            head = measured.readNBytes(MediaTypes.SIGNATURE_LENGTH);
            measured.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (MeasuringInputStream.LimitExceeded e) {
            throw refuse(ticket, key, Optional.of(copy), "the upload has more than " + ticket.maxBytes() + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException("reading upload " + ticket.id() + " failed", e);
        }
        if (!MediaTypes.matchesSignature(ticket.mediaType(), head)) {
            throw refuse(ticket, key, Optional.of(copy), "the uploaded bytes are not "
                    + MediaTypes.essence(ticket.mediaType()));
        }
        return new ContentRef(ticket.repositoryId(), copy.key(), measured.count(), ticket.mediaType(),
                ticket.fileName(), measured.sha256Hex(), ticket.contentStreamId());
    }

    /**
     * Reads the landed object once and writes it to the copy's key as it is read: the store
     * reports the length and SHA-256 of what it took, and the first bytes are kept for the
     * signature of the declared type. A copy that is refused is deleted again.
     */
    private ContentRef copyChecked(UploadTicket ticket, StorageKey key, StorageKey copy, long length) {
        LandedBytes landed;
        ContentStore.StoredContent written;
        try (InputStream in = store.open(key, Optional.empty())) {
            landed = new LandedBytes(in, length);
            try {
                written = store.put(copy, landed, ticket.mediaType(), length, java.util.OptionalLong.of(length));
            } catch (RuntimeException e) {
                // However the store wrapped it: the object changing under the read is the cause.
                if (landed.changed().isPresent()) {
                    throw landed.changed().get();
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading upload " + ticket.id() + " failed", e);
        }
        if (!MediaTypes.matchesSignature(ticket.mediaType(), landed.head())) {
            throw refuse(ticket, key, Optional.of(copy), "the uploaded bytes are not "
                    + MediaTypes.essence(ticket.mediaType()));
        }
        return new ContentRef(ticket.repositoryId(), copy.key(), written.length(), ticket.mediaType(),
                ticket.fileName(), written.sha256(), ticket.contentStreamId());
    }

    /** The object's signature, read off its first bytes; length and SHA-256 as already known. */
    private ContentRef verifyHead(UploadTicket ticket, StorageKey key, long length, String sha256) {
        byte[] head;
        long last = Math.min(length, MediaTypes.SIGNATURE_LENGTH) - 1;
        try (InputStream in = store.open(key, Optional.of(new io.dossier.domain.ByteRange(0, last)))) {
            head = in.readNBytes(MediaTypes.SIGNATURE_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException("reading upload " + ticket.id() + " failed", e);
        }
        if (!MediaTypes.matchesSignature(ticket.mediaType(), head)) {
            throw refuse(ticket, key, Optional.empty(), "the uploaded bytes are not "
                    + MediaTypes.essence(ticket.mediaType()));
        }
        return new ContentRef(ticket.repositoryId(), key.key(), length, ticket.mediaType(), ticket.fileName(),
                sha256, ticket.contentStreamId());
    }

    private DocumentException.ContentRejected refuse(UploadTicket ticket, StorageKey key, Optional<StorageKey> copy,
                                                     String reason) {
        UploadTicket current = tickets.find(ticket.tenant(), ticket.id()).orElse(ticket);
        if (current.state() == UploadTicket.State.ISSUED) {
            current.fail(reason);
            tickets.save(current);
        }
        copy.ifPresent(this::deleteQuietly);
        if (!documents.references(key)) {
            store.delete(key);
        }
        return new DocumentException.ContentRejected("upload " + ticket.id() + " refused: " + reason, false);
    }

}
