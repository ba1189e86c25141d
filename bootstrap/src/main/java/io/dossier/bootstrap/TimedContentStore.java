package io.dossier.bootstrap;

import io.dossier.application.port.UploadForm;
import io.dossier.application.port.out.ContentStore;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The store with the latency and outcome of each call in {@code dossier.store.calls} (tags
 * {@code operation} and {@code outcome}: success or error). An opened stream counts until it is
 * open, not while it is read: reading is the client's pace.
 */
final class TimedContentStore implements ContentStore {
    private final ContentStore store;
    private final MeterRegistry registry;

    TimedContentStore(ContentStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } finally {
            Timer.builder("dossier.store.calls").description("calls of the content store")
                    .tag("operation", operation).tag("outcome", outcome)
                    .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                    .maximumExpectedValue(java.time.Duration.ofSeconds(60))
                    .register(registry).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Set<String> repositories() {
        return store.repositories();
    }

    @Override
    public String defaultRepository() {
        return store.defaultRepository();
    }

    @Override
    public StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes) {
        return timed("put", () -> store.put(key, data, mediaType, maxBytes));
    }

    @Override
    public StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes,
                             java.util.OptionalLong knownLength) {
        return timed("put", () -> store.put(key, data, mediaType, maxBytes, knownLength));
    }

    @Override
    public int abortUnfinishedUploads(String repositoryId, Instant before) {
        return timed("abort", () -> store.abortUnfinishedUploads(repositoryId, before));
    }

    @Override
    public int abortUnfinishedUploads(String repositoryId, Instant before,
                                      java.util.function.Predicate<String> inUse) {
        return timed("abort", () -> store.abortUnfinishedUploads(repositoryId, before, inUse));
    }

    @Override
    public boolean offersMultipart() {
        return store.offersMultipart();
    }

    @Override
    public String startMultipart(StorageKey key, String mediaType) {
        return timed("start_multipart", () -> store.startMultipart(key, mediaType));
    }

    @Override
    public String putPart(StorageKey key, String uploadId, int number, InputStream data, long length) {
        return timed("put_part", () -> store.putPart(key, uploadId, number, data, length));
    }

    @Override
    public void completeMultipart(StorageKey key, String uploadId, java.util.List<StoredPart> parts) {
        timed("complete_multipart", () -> {
            store.completeMultipart(key, uploadId, parts);
            return null;
        });
    }

    @Override
    public void abortMultipart(StorageKey key, String uploadId) {
        timed("abort_multipart", () -> {
            store.abortMultipart(key, uploadId);
            return null;
        });
    }

    @Override
    public InputStream open(StorageKey key, Optional<ByteRange> range) {
        return timed("open", () -> store.open(key, range));
    }

    @Override
    public Optional<StoredObject> stat(StorageKey key) {
        return timed("stat", () -> store.stat(key));
    }

    @Override
    public void delete(StorageKey key) {
        timed("delete", () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public Stream<StoredObject> list(String repositoryId, String prefix) {
        return timed("list", () -> store.list(repositoryId, prefix));
    }

    @Override
    public UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes, Instant expiresAt) {
        return timed("presign", () -> store.presignUpload(key, mediaType, maxBytes, expiresAt));
    }

    @Override
    public boolean isAvailable() {
        return timed("check", store::isAvailable);
    }
}
