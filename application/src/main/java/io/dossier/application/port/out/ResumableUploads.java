package io.dossier.application.port.out;

import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where resumable uploads are kept, so that any instance can take the next request of one.
 * Saves are checked against the revision the caller read: the loser of a race is told so.
 */
public interface ResumableUploads {

    /**
     * Inserts a new upload (revision 0) or updates the stored one of the same revision.
     *
     * @return the upload as saved (its revision one more)
     * @throws DocumentException.Conflict when the id is taken, or the stored revision is another
     */
    ResumableUpload save(ResumableUpload upload);

    Optional<ResumableUpload> find(TenantId tenant, String id);

    /** Uploads still receiving whose expiry is at or before {@code now}, at most {@code limit}. */
    List<ResumableUpload> expired(Instant now, int limit);

    /** True when an upload that is still receiving writes into this multipart upload of the store. */
    boolean holdsStoreUpload(String storeUploadId);

    /** True when an upload that is still receiving keeps its tail in this object. */
    boolean references(StorageKey tail);

    /** No resumable uploads: none can be made, and none holds anything in the store. */
    ResumableUploads NONE = new ResumableUploads() {
        @Override
        public ResumableUpload save(ResumableUpload upload) {
            throw new DocumentException.Unavailable("resumable uploads are not configured", null);
        }

        @Override
        public Optional<ResumableUpload> find(TenantId tenant, String id) {
            return Optional.empty();
        }

        @Override
        public List<ResumableUpload> expired(Instant now, int limit) {
            return List.of();
        }

        @Override
        public boolean holdsStoreUpload(String storeUploadId) {
            return false;
        }

        @Override
        public boolean references(StorageKey tail) {
            return false;
        }
    };
}
