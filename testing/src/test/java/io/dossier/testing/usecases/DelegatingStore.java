package io.dossier.testing.usecases;

import io.dossier.application.port.UploadForm;
import io.dossier.application.port.out.ContentStore;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;

import java.util.Optional;

/** Passes everything to another store; tests override what they want to break. */
class DelegatingStore implements ContentStore {
    private final ContentStore target;

    DelegatingStore(ContentStore target) {
        this.target = target;
    }

    @Override public java.util.Set<String> repositories() { return target.repositories(); }
    @Override public String defaultRepository() { return target.defaultRepository(); }
    @Override public StoredContent put(StorageKey key, java.io.InputStream data, String mediaType, long maxBytes) {
        return target.put(key, data, mediaType, maxBytes);
    }
    @Override public java.io.InputStream open(StorageKey key, Optional<ByteRange> range) {
        return target.open(key, range);
    }
    @Override public Optional<StoredObject> stat(StorageKey key) { return target.stat(key); }
    @Override public void delete(StorageKey key) { target.delete(key); }
    @Override public java.util.stream.Stream<StoredObject> list(String repositoryId, String prefix) {
        return target.list(repositoryId, prefix);
    }
    @Override public UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes,
                                              java.time.Instant expiresAt) {
        return target.presignUpload(key, mediaType, maxBytes, expiresAt);
    }
    @Override public boolean isAvailable() { return target.isAvailable(); }
}
