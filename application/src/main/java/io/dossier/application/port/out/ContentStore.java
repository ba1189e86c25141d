package io.dossier.application.port.out;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        return abortUnfinishedUploads(repositoryId, before, uploadId -> false);
    }

    /**
     * As {@link #abortUnfinishedUploads(String, Instant)}, sparing the uploads for which
     * {@code inUse} answers true (by the store's upload id): those of resumable uploads that are
     * still receiving.
     */
    default int abortUnfinishedUploads(String repositoryId, Instant before,
                                       java.util.function.Predicate<String> inUse) {
        return 0;
    }

    // ---- multipart uploads, for resumable uploads --------------------------------------------

    /** True when this store offers {@link #startMultipart} and the other multipart operations. */
    default boolean offersMultipart() {
        return false;
    }

    /**
     * Starts a multipart upload that will become the object at the key.
     *
     * @return the store's id of the upload
     */
    default String startMultipart(StorageKey key, String mediaType) {
        throw new UnsupportedOperationException("this store offers no multipart uploads");
    }

    /**
     * Stores exactly {@code length} bytes of the stream as part {@code number} (1 to 10,000;
     * every part but the last of at least {@link #MIN_PART_SIZE} bytes). A part stored again
     * under the same number replaces the earlier one. The stream is not closed.
     *
     * @return the part's entity tag, needed to complete the upload
     * @throws UncheckedIOException when the stream fails or ends early; nothing is then kept
     *         under that number that completion could take for the part
     * @throws io.dossier.domain.DocumentException.NotFound when there is no such upload
     */
    default String putPart(StorageKey key, String uploadId, int number, InputStream data, long length) {
        throw new UnsupportedOperationException("this store offers no multipart uploads");
    }

    /**
     * Makes the object at the key from the parts, in their order; parts stored but not named
     * are discarded.
     *
     * @throws io.dossier.domain.DocumentException.NotFound when there is no such upload
     */
    default void completeMultipart(StorageKey key, String uploadId, java.util.List<StoredPart> parts) {
        throw new UnsupportedOperationException("this store offers no multipart uploads");
    }

    /** Discards the upload and its parts; aborting what is not there is no error. */
    default void abortMultipart(StorageKey key, String uploadId) {
        throw new UnsupportedOperationException("this store offers no multipart uploads");
    }

    /** S3's (and MinIO's) smallest part but the last. */
    long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** A stored part, as completion names it. */
    record StoredPart(int number, String etag) {
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
