package io.dossier.testing;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Objects in memory, for tests and small embedded uses: unlike the real adapters it holds every
 * object whole on the heap. Presigned forms point at {@code memory:} URIs; a test "posts" to one
 * with {@link #acceptFormUpload}, which enforces the form's key, type and size like S3 does.
 */
public final class InMemoryContentStore implements ContentStore {
    private final Set<String> repositories;
    private final String defaultRepository;
    private final Clock clock;
    private final Map<StorageKey, Blob> objects = new ConcurrentHashMap<>();
    private final Map<StorageKey, Form> forms = new ConcurrentHashMap<>();
    /** Object locks, as a store with S3 Object Lock in governance mode keeps them. */
    private final Map<StorageKey, Instant> locks = new ConcurrentHashMap<>();

    private record Blob(byte[] bytes, String mediaType, Instant lastModified) {
    }

    private record Form(String mediaType, long maxBytes, Instant expiresAt) {
    }

    public InMemoryContentStore() {
        this(Clock.systemUTC(), "default");
    }

    /** A store with the given repositories; the first is the default. */
    public InMemoryContentStore(Clock clock, String... repositories) {
        if (repositories.length == 0) {
            throw new IllegalArgumentException("at least one repository");
        }
        this.clock = clock;
        this.repositories = Set.copyOf(new LinkedHashSet<>(List.of(repositories)));
        this.defaultRepository = repositories[0];
    }

    @Override
    public Set<String> repositories() {
        return repositories;
    }

    @Override
    public String defaultRepository() {
        return defaultRepository;
    }

    @Override
    public StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes) {
        requireRepository(key);
        refuseIfLocked(key);
        MeasuringInputStream measured = new MeasuringInputStream(data, maxBytes);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            measured.transferTo(buffer);
        } catch (MeasuringInputStream.LimitExceeded e) {
            throw new DocumentException.ContentTooLarge(maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the content failed", e);
        }
        objects.put(key, new Blob(buffer.toByteArray(), mediaType, clock.instant()));
        return new StoredContent(measured.count(), measured.sha256Hex());
    }

    @Override
    public InputStream open(StorageKey key, Optional<ByteRange> range) {
        Blob blob = objects.get(key);
        if (blob == null) {
            throw new DocumentException.NotFound("no object " + key.key() + " in " + key.repositoryId());
        }
        if (range.isEmpty()) {
            return new ByteArrayInputStream(blob.bytes());
        }
        ByteRange r = range.get();
        if (r.first() >= blob.bytes().length) {
            throw new DocumentException.InvalidInput("range starts after the end of the object");
        }
        int last = (int) Math.min(r.last(), blob.bytes().length - 1L);
        return new ByteArrayInputStream(blob.bytes(), (int) r.first(), last - (int) r.first() + 1);
    }

    @Override
    public Optional<StoredObject> stat(StorageKey key) {
        return Optional.ofNullable(objects.get(key)).map(b -> new StoredObject(key, b.bytes().length, b.lastModified()));
    }

    @Override
    public void delete(StorageKey key) {
        refuseIfLocked(key);
        objects.remove(key);
        locks.remove(key);
    }

    @Override
    public boolean locksObjects() {
        return true;
    }

    @Override
    public void lockUntil(StorageKey key, Instant until) {
        if (!objects.containsKey(key)) {
            throw new DocumentException.NotFound("no object " + key.key() + " in " + key.repositoryId());
        }
        locks.merge(key, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Until when the object is locked, if it is. */
    public Optional<Instant> lockedUntil(StorageKey key) {
        return Optional.ofNullable(locks.get(key)).filter(until -> until.isAfter(clock.instant()));
    }

    private void refuseIfLocked(StorageKey key) {
        lockedUntil(key).ifPresent(until -> {
            throw new DocumentException.Conflict("object " + key.key() + " is locked until " + until);
        });
    }

    @Override
    public Stream<StoredObject> list(String repositoryId, String prefix) {
        requireRepository(new StorageKey(repositoryId, "x"));
        List<StoredObject> found = new ArrayList<>();
        objects.forEach((key, blob) -> {
            if (key.repositoryId().equals(repositoryId) && key.key().startsWith(prefix)) {
                found.add(new StoredObject(key, blob.bytes().length, blob.lastModified()));
            }
        });
        return found.stream();
    }

    @Override
    public UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes, Instant expiresAt) {
        requireRepository(key);
        forms.put(key, new Form(mediaType, maxBytes, expiresAt));
        return new UploadForm(URI.create("memory:" + key.repositoryId()), Map.of("key", key.key(),
                "Content-Type", mediaType));
    }


    // ---- multipart uploads, as S3 keeps them ----------------------------------------------

    private record Multipart(StorageKey key, String mediaType, Instant started, Map<Integer, byte[]> parts) {
    }

    private final Map<String, Multipart> multiparts = new ConcurrentHashMap<>();

    @Override
    public boolean offersMultipart() {
        return true;
    }

    @Override
    public String startMultipart(StorageKey key, String mediaType) {
        requireRepository(key);
        String id = java.util.UUID.randomUUID().toString();
        multiparts.put(id, new Multipart(key, mediaType, clock.instant(), new ConcurrentHashMap<>()));
        return id;
    }

    @Override
    public String putPart(StorageKey key, String uploadId, int number, InputStream data, long length) {
        Multipart upload = multipart(key, uploadId);
        if (number < 1 || number > 10_000) {
            throw new DocumentException.InvalidInput("part numbers run from 1 to 10000");
        }
        byte[] bytes;
        try {
            bytes = data.readNBytes((int) Math.min(Integer.MAX_VALUE, length));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the part failed", e);
        }
        if (bytes.length != length) {
            throw new UncheckedIOException("the part ended early", new java.io.EOFException(
                    bytes.length + " of " + length + " bytes"));
        }
        upload.parts().put(number, bytes);
        return etag(bytes);
    }

    @Override
    public void completeMultipart(StorageKey key, String uploadId, List<StoredPart> parts) {
        Multipart upload = multipart(key, uploadId);
        refuseIfLocked(key);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        int previous = 0;
        for (int i = 0; i < parts.size(); i++) {
            StoredPart part = parts.get(i);
            byte[] bytes = upload.parts().get(part.number());
            if (part.number() <= previous || bytes == null || !etag(bytes).equals(part.etag())) {
                throw new IllegalStateException("InvalidPart: part " + part.number() + " is not as named");
            }
            if (i < parts.size() - 1 && bytes.length < MIN_PART_SIZE) {
                throw new IllegalStateException("EntityTooSmall: part " + part.number() + " has " + bytes.length
                        + " bytes");
            }
            whole.writeBytes(bytes);
            previous = part.number();
        }
        objects.put(key, new Blob(whole.toByteArray(), upload.mediaType(), clock.instant()));
        multiparts.remove(uploadId);
    }

    @Override
    public void abortMultipart(StorageKey key, String uploadId) {
        Multipart upload = multiparts.get(uploadId);
        if (upload != null && upload.key().equals(key)) {
            multiparts.remove(uploadId);
        }
    }

    @Override
    public int abortUnfinishedUploads(String repositoryId, Instant before,
                                      java.util.function.Predicate<String> inUse) {
        int aborted = 0;
        for (Map.Entry<String, Multipart> entry : Map.copyOf(multiparts).entrySet()) {
            Multipart upload = entry.getValue();
            if (upload.key().repositoryId().equals(repositoryId) && upload.started().isBefore(before)
                    && !inUse.test(entry.getKey())) {
                multiparts.remove(entry.getKey());
                aborted++;
            }
        }
        return aborted;
    }

    /** The multipart uploads not yet completed or aborted (for tests). */
    public Set<String> unfinishedUploads() {
        return Set.copyOf(multiparts.keySet());
    }

    private Multipart multipart(StorageKey key, String uploadId) {
        Multipart upload = multiparts.get(uploadId);
        if (upload == null || !upload.key().equals(key)) {
            throw new DocumentException.NotFound("no multipart upload " + uploadId + " of " + key.key());
        }
        return upload;
    }

    private static String etag(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /**
     * What a client's POST of a presigned form does: stores the bytes when they fit the form,
     * and otherwise refuses them as S3 would (false, nothing stored).
     */
    public boolean acceptFormUpload(StorageKey key, String mediaType, byte[] bytes) {
        Form form = forms.get(key);
        if (form == null || !form.mediaType().equals(mediaType) || bytes.length == 0 || bytes.length > form.maxBytes()
                || !clock.instant().isBefore(form.expiresAt())) {
            return false;
        }
        objects.put(key, new Blob(bytes.clone(), mediaType, clock.instant()));
        return true;
    }

    /** Stores an object as if it had arrived some other way (for sweeper tests). */
    public void plant(StorageKey key, byte[] bytes, Instant lastModified) {
        objects.put(key, new Blob(bytes.clone(), "application/octet-stream", lastModified));
    }

    private void requireRepository(StorageKey key) {
        if (!repositories.contains(key.repositoryId())) {
            throw new DocumentException.NotFound("no repository " + key.repositoryId());
        }
    }
}
