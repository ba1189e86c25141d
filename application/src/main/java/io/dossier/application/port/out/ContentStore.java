package io.dossier.application.port.out;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the bytes are kept. Streams pass through here only; an implementation never holds a
 * whole object in memory. Whoever opens a stream closes it.
 */
public interface ContentStore {

    /** The repositories (buckets) this store offers. */
    Set<String> repositories();

    String defaultRepository();

    /**
     * Stores the stream under the key, reading it to its end, and reports its length and SHA-256
     * as the bytes passed. The stream is not closed.
     *
     * @throws io.dossier.domain.DocumentException.ContentTooLarge when more than {@code maxBytes}
     *         arrive; nothing is left stored then
     * @throws io.dossier.domain.DocumentException.NotFound for an unknown repository
     */
    StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes);

    /**
     * As {@link #put(StorageKey, InputStream, String, long)}, when the sender said beforehand how
     * many bytes come: a store may then pass them on in one streamed request. The stream must
     * give exactly that many bytes.
     */
    default StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes,
                              java.util.OptionalLong knownLength) {
        StoredContent stored = put(key, data, mediaType, maxBytes);
        if (knownLength.isPresent() && stored.length() != knownLength.getAsLong()) {
            delete(key);
            throw new io.dossier.domain.DocumentException.InvalidInput("the content has " + stored.length()
                    + " bytes, not the " + knownLength.getAsLong() + " announced");
        }
        return stored;
    }

    /**
     * Opens the object, or the given inclusive byte range of it.
     *
     * @throws io.dossier.domain.DocumentException.NotFound when there is no such object
     */
    InputStream open(StorageKey key, Optional<ByteRange> range);

    Optional<StoredObject> stat(StorageKey key);

    /**
     * Copies an object to another key inside the store (server-side: the bytes do not pass
     * through here). The copy is a new object with its own modification time; a later change of
     * the source does not change it. An existing object at the target is replaced.
     *
     * @throws io.dossier.domain.DocumentException.NotFound when there is no source object
     */
    void copy(StorageKey source, StorageKey target);

    /** Deletes the object; deleting what is not there is no error. */
    void delete(StorageKey key);

    /**
     * True when the store itself can refuse to delete or overwrite an object until a date (S3
     * Object Lock): then {@link #lockUntil} protects retained content even from someone who holds
     * the store's credentials. False by default: retentions are then Dossier's alone.
     */
    default boolean locksObjects() {
        return false;
    }

    /**
     * Locks the object against deletion and overwriting until then; a lock is only ever extended.
     * Deleting a locked object fails with {@link io.dossier.domain.DocumentException.Conflict}.
     *
     * @throws UnsupportedOperationException when {@link #locksObjects()} is false
     */
    default void lockUntil(StorageKey key, Instant until) {
        throw new UnsupportedOperationException("this store keeps no object locks");
    }

    /**
     * Aborts the multipart uploads into the repository that were started before {@code before}
     * and never completed (a process that crashed mid-upload leaves them), so that their parts
     * stop taking space. A store without multipart uploads has none.
     *
     * @return how many were aborted
     */
    default int abortUnfinishedUploads(String repositoryId, Instant before) {
        return 0;
    }

    /** Objects in a repository whose keys start with the prefix. The caller closes the stream. */
    Stream<StoredObject> list(String repositoryId, String prefix);

    /**
     * A form that lets a client POST exactly one object straight to the store: this key, this
     * media type, at most {@code maxBytes}, until {@code expiresAt}.
     */
    UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes, Instant expiresAt);

    boolean isAvailable();

    /** What a put measured. */
    record StoredContent(long length, String sha256) {
    }

    /** An object as the store lists it. */
    record StoredObject(StorageKey key, long length, Instant lastModified) {
    }


}
