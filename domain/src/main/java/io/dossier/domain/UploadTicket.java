package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Permission to put one object straight into the store, under an exact key, for one document.
 * It becomes a version only after the stored object has been checked; an expired or failed
 * ticket never does. States move one way: ISSUED → COMPLETED | FAILED | EXPIRED.
 */
public final class UploadTicket {
    public enum State { ISSUED, COMPLETED, FAILED, EXPIRED }

    private final String id;
    private final TenantId tenant;
    private final DocumentId documentId;
    private final String repositoryId;
    private final String key;
    private final String contentStreamId;
    private final String fileName;
    private final String mediaType;
    private final long maxBytes;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final Author author;
    private final Optional<VersionNumber> basedOn;
    private State state;
    private Optional<VersionNumber> version;
    private Optional<String> failure;

    private UploadTicket(String id, TenantId tenant, DocumentId documentId, String repositoryId, String key,
                         String contentStreamId, String fileName, String mediaType, long maxBytes, Instant issuedAt,
                         Instant expiresAt, Author author, Optional<VersionNumber> basedOn, State state,
                         Optional<VersionNumber> version, Optional<String> failure) {
        this.id = Checks.text(id, "upload id", 64);
        this.tenant = Checks.present(tenant, "tenant");
        this.documentId = Checks.present(documentId, "document id");
        this.repositoryId = Checks.text(repositoryId, "repository id", 63);
        this.key = Checks.text(key, "storage key", 1024);
        this.contentStreamId = Checks.text(contentStreamId, "content stream id", 64);
        this.fileName = FileNames.check(fileName);
        this.mediaType = MediaTypes.normalize(mediaType);
        if (maxBytes < 1) {
            throw new DocumentException.InvalidInput("size limit must be positive");
        }
        this.maxBytes = maxBytes;
        this.issuedAt = Checks.present(issuedAt, "issue date");
        this.expiresAt = Checks.present(expiresAt, "expiry");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new DocumentException.InvalidInput("a ticket must expire after it is issued");
        }
        this.author = Checks.present(author, "author");
        this.basedOn = Checks.present(basedOn, "base version");
        this.state = Checks.present(state, "state");
        this.version = Checks.present(version, "version");
        this.failure = Checks.present(failure, "failure");
    }

    public static UploadTicket issue(String id, TenantId tenant, DocumentId documentId, String repositoryId,
                                     String key, String contentStreamId, String fileName, String mediaType,
                                     long maxBytes, Instant now, Instant expiresAt, Author author,
                                     Optional<VersionNumber> basedOn) {
        return new UploadTicket(id, tenant, documentId, repositoryId, key, contentStreamId, fileName, mediaType,
                maxBytes, now, expiresAt, author, basedOn, State.ISSUED, Optional.empty(), Optional.empty());
    }

    /** Everything a stored ticket is, as a persistence adapter reads and writes it. */
    public record Snapshot(String id, TenantId tenant, DocumentId documentId, StorageKey upload,
                           String contentStreamId, String fileName, String mediaType, long maxBytes, Instant issuedAt,
                           Instant expiresAt, Author author, Optional<VersionNumber> basedOn, State state,
                           Optional<VersionNumber> version, Optional<String> failure) {
        public Snapshot {
            Checks.present(upload, "upload key");
        }

        /** The same ticket in another tenant (tests use it to play an intruder). */
        public Snapshot inTenant(TenantId other) {
            return new Snapshot(id, other, documentId, upload, contentStreamId, fileName, mediaType, maxBytes, issuedAt,
                    expiresAt, author, basedOn, state, version, failure);
        }
    }

    /** Rebuilds a stored ticket. For persistence adapters only. */
    public static UploadTicket restore(Snapshot s) {
        return new UploadTicket(s.id(), s.tenant(), s.documentId(), s.upload().repositoryId(), s.upload().key(),
                s.contentStreamId(), s.fileName(), s.mediaType(), s.maxBytes(), s.issuedAt(), s.expiresAt(), s.author(),
                s.basedOn(), s.state(), s.version(), s.failure());
    }

    /** This ticket as it is now. */
    public Snapshot snapshot() {
        return new Snapshot(id, tenant, documentId, storageKey(), contentStreamId, fileName, mediaType, maxBytes,
                issuedAt, expiresAt, author, basedOn, state, version, failure);
    }

    /** Records the version the upload became. Completing a completed ticket again is a no-op. */
    public void complete(VersionNumber madeVersion) {
        if (state == State.COMPLETED) {
            return;
        }
        requireIssued();
        state = State.COMPLETED;
        version = Optional.of(madeVersion);
    }

    /** Records why the stored object was refused. */
    public void fail(String reason) {
        requireIssued();
        state = State.FAILED;
        failure = Optional.of(Checks.text(reason, "failure reason", 1000));
    }

    /** Closes an unused ticket whose time is up. */
    public void expire(Instant now) {
        requireIssued();
        if (!isExpiredAt(now)) {
            throw new DocumentException.Conflict("upload " + id + " has not expired yet");
        }
        state = State.EXPIRED;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private void requireIssued() {
        if (state != State.ISSUED) {
            throw new DocumentException.Conflict("upload " + id + " is " + state.name().toLowerCase() + " already");
        }
    }

    public String id() { return id; }
    public TenantId tenant() { return tenant; }
    public DocumentId documentId() { return documentId; }
    public String repositoryId() { return repositoryId; }
    public String key() { return key; }
    /** Where the client's upload lands. */
    public StorageKey storageKey() { return new StorageKey(repositoryId, key); }
    public String contentStreamId() { return contentStreamId; }
    public String fileName() { return fileName; }
    public String mediaType() { return mediaType; }
    public long maxBytes() { return maxBytes; }
    public Instant issuedAt() { return issuedAt; }
    public Instant expiresAt() { return expiresAt; }
    public Author author() { return author; }
    public Optional<VersionNumber> basedOn() { return basedOn; }
    public State state() { return state; }
    public Optional<VersionNumber> version() { return version; }
    public Optional<String> failure() { return failure; }
}
