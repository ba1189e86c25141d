package io.dossier.adapter.storage;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PostPolicy;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.http.Method;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link ContentStore} on MinIO or any S3-compatible store, through the MinIO Java client.
 * Each repository is one bucket. Bytes are streamed: a put holds at most about one part in memory.
 * Close it to release the HTTP client's threads.
 */
public final class MinioContentStore implements ContentStore, AutoCloseable {
    /** S3 allows 1 to 10,000 parts of 5 MiB to 5 GiB each (the last may be smaller). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private final Config config;
    /** S3's limit for one PUT. */
    private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    private final OkHttpClient http;
    /** {@link #http} without its write timeout, for streamed PUTs: {@link #stalls} keeps that one. */
    private final OkHttpClient streaming;
    private final WriteStalls stalls;
    private final MinioClient client;
    private final MinioClient probe;
    private final MinioClient signer;
    /** For the calls the blocking client keeps to itself (listing and aborting multipart uploads). */
    private final io.minio.MinioAsyncClient uploads;
    /** Send the parts of chunked uploads while the request thread reads the next one. */
    private final java.util.concurrent.ExecutorService partSenders = java.util.concurrent.Executors.newCachedThreadPool(
            runnable -> {
                Thread thread = new Thread(runnable, "dossier-s3-part");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * Connects (lazily: the constructor talks to the store only when it is to create missing buckets).
     *
     * @throws DocumentException.Unavailable when buckets are to be created and the store cannot be reached
     */
    public MinioContentStore(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
        this.streaming = http.newBuilder().writeTimeout(Duration.ZERO).build();
        this.stalls = new WriteStalls(config.readTimeout());
        // The region is always given, so that no client ever asks the store for a bucket's location.
        this.client = MinioClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        Duration quick = config.probeTimeout();
        this.probe = MinioClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http.newBuilder().connectTimeout(quick).readTimeout(quick).writeTimeout(quick)
                        .callTimeout(quick.multipliedBy(2)).retryOnConnectionFailure(false).build())
                .build();
        // Upload forms are signed for the host the client uses, so they are made by a client
        // configured with the public endpoint; it only signs and never connects.
        this.signer = config.publicEndpoint().equals(config.endpoint()) ? client : MinioClient.builder()
                .endpoint(config.publicEndpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        this.uploads = io.minio.MinioAsyncClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        if (config.createMissingBuckets()) {
            createMissingBuckets();
        }
    }

    private void createMissingBuckets() {
        for (String bucket : Set.copyOf(config.repositories().values())) {
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(config.region())
                                .objectLock(config.objectLock().isPresent()).build());
                    } catch (io.minio.errors.ErrorResponseException e) {
                        if (config.objectLock().isEmpty() || isBucketAlreadyThere(e)) {
                            throw e;
                        }
                        // A store without object lock: the bucket all the same, and locksObjects() says no.
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(config.region()).build());
                    }
                }
            } catch (Exception e) {
                if (!isBucketAlreadyThere(e)) {
                    throw S3Failures.translate("creating bucket " + bucket, e);
                }
            }
        }
    }

    private static boolean isBucketAlreadyThere(Exception e) {
        // Another instance may create it between our check and our create.
        String text = String.valueOf(e);
        return text.contains("BucketAlreadyOwnedByYou") || text.contains("BucketAlreadyExists");
    }

    @Override
    public Set<String> repositories() {
        return config.repositories().keySet();
    }

    /** Repository id → bucket name (several repositories may share a bucket). */
    public Map<String, String> buckets() {
        return config.repositories();
    }

    @Override
    public String defaultRepository() {
        return config.defaultRepository();
    }

    /**
     * Unknown length (a chunked body): the bytes are cut into parts held in memory, and each part
     * is sent (presigned and streamed, so its payload is not hashed a second time for a signature)
     * while the next one is read from the caller. Receiving and storing overlap as they do for a
     * known length; the client's own unknown-length upload read a part, then sent it, then read
     * the next, at about 0.4 of the speed of a declared length. Two buffers of half the part size
     * (at least 5 MiB) per upload: the heap it needs is what the client's one part took. Content
     * that fits in the first buffer goes in ONE PUT.
     */
    @Override
    public StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes) {
        String bucket = bucket(key.repositoryId());
        Source source = new Source(data);
        MeasuringInputStream measured = new MeasuringInputStream(source, maxBytes);
        int bufferSize = chunkedPartSize(maxBytes);
        String uploadId = null;
        java.util.concurrent.Future<String> inFlight = null;
        try {
            byte[] filling = new byte[bufferSize];
            int n = fill(measured, filling);
            if (n < bufferSize) {
                streamedPut(presignedPut(key), new java.io.ByteArrayInputStream(filling, 0, n), n, objectType(mediaType));
                return new StoredContent(measured.count(), measured.sha256Hex());
            }
            uploadId = startMultipart(key, mediaType);
            List<StoredPart> parts = new java.util.ArrayList<>();
            byte[] spare = new byte[bufferSize];
            for (int number = 1; ; number++) {
                byte[] sending = filling;
                int length = n;
                int partNumber = number;
                String id = uploadId;
                inFlight = partSenders.submit(() -> putPart(key, id, partNumber,
                        new java.io.ByteArrayInputStream(sending, 0, length), length));
                n = fill(measured, spare);
                parts.add(new StoredPart(partNumber, await(inFlight)));
                inFlight = null;
                if (n <= 0) {
                    break;
                }
                filling = spare;
                spare = sending;
            }
            completeMultipart(key, uploadId, parts);
            return new StoredContent(measured.count(), measured.sha256Hex());
        } catch (RuntimeException | IOException e) {
            if (inFlight != null) {
                try {
                    await(inFlight);
                } catch (RuntimeException ignored) {
                    // The upload is aborted below either way.
                }
            }
            if (uploadId != null) {
                try {
                    abortMultipart(key, uploadId);
                } catch (RuntimeException ignored) {
                    // The sweeper aborts what is left.
                }
            }
            removeQuietly(bucket, key.key());
            if (measured.exceeded()) {
                throw new DocumentException.ContentTooLarge(maxBytes);
            }
            if (source.failure != null) {
                throw new UncheckedIOException("reading the content failed", source.failure);
            }
            // Failures of the store's calls arrive translated already; translate passes those on.
            throw S3Failures.translate("storing " + describe(key), e);
        }
    }

    /** Half the configured part size, at least 5 MiB; the whole part where half would allow too few parts. */
    private int chunkedPartSize(long maxBytes) {
        long half = Math.max(MIN_PART_SIZE, config.partSize() / 2);
        long size = maxBytes / half >= MAX_PARTS ? config.partSize() : half;
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static final int MAX_PARTS = 10_000;

    /** Reads until the buffer is full or the stream ends; the bytes read. */
    private static int fill(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static String await(java.util.concurrent.Future<String> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException("interrupted while a part was stored", new java.io.InterruptedIOException());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("storing a part failed", e.getCause());
        }
    }

    private String presignedPut(StorageKey key) {
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                    .bucket(bucket(key.repositoryId())).object(key.key()).expiry(1, TimeUnit.HOURS).build());
        } catch (Exception e) {
            throw S3Failures.translate("signing a PUT of " + describe(key), e);
        }
    }

    /**
     * With the length known, the bytes go on in ONE streamed PUT (presigned, so the payload needs
     * no signature and is never buffered): receiving and storing overlap, and the store writes
     * the object once instead of assembling parts. Unknown lengths take the multipart path.
     */
    @Override
    public StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes,
                             java.util.OptionalLong knownLength) {
        if (knownLength.isEmpty() || knownLength.getAsLong() > Math.min(maxBytes, MAX_SINGLE_PUT)) {
            return put(key, data, mediaType, maxBytes);
        }
        long length = knownLength.getAsLong();
        String bucket = bucket(key.repositoryId());
        Source source = new Source(data);
        MeasuringInputStream measured = new MeasuringInputStream(source, length);
        String url;
        try {
            url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT).bucket(bucket)
                    .object(key.key()).expiry(1, java.util.concurrent.TimeUnit.HOURS).build());
        } catch (Exception e) {
            throw S3Failures.translate("signing a PUT of " + describe(key), e);
        }
        try {
            streamedPut(url, measured, length, objectType(mediaType));
        } catch (Exception e) {
            removeQuietly(bucket, key.key());
            if (source.failure != null) {
                throw new UncheckedIOException("reading the content failed", source.failure);
            }
            if (e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException) {
                throw new UncheckedIOException("the content ended early", new java.io.EOFException(e.getMessage()));
            }
            throw S3Failures.translate("storing " + describe(key), e);
        }
        return new StoredContent(measured.count(), measured.sha256Hex());
    }

    /**
     * Sends exactly {@code length} bytes of the stream in one PUT to a presigned URL.
     *
     * @return the entity tag the store answered with (without quotes)
     */
    private String streamedPut(String url, InputStream data, long length, String mediaType) throws IOException {
        okhttp3.MediaType type = okhttp3.MediaType.parse(mediaType);
        WriteStalls.Write[] watch = new WriteStalls.Write[1];
        okhttp3.RequestBody body = new okhttp3.RequestBody() {
            @Override
            public okhttp3.MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return length;
            }

            /** The stream can be read once: OkHttp must not send it again on a retry. */
            @Override
            public boolean isOneShot() {
                return true;
            }

            /** Whole buffers to the socket: a request body hands over what has arrived, often a few KiB. */
            @Override
            public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int want = (int) Math.min(buffer.length, left);
                    int filled = 0;
                    while (filled < want) {
                        int n = data.read(buffer, filled, want - filled);
                        if (n < 0) {
                            throw new java.io.EOFException("the content ended after " + (length - left + filled)
                                    + " of " + length + " bytes");
                        }
                        filled += n;
                    }
                    watch[0].starting();
                    try {
                        sink.write(buffer, 0, filled);
                    } finally {
                        watch[0].done();
                    }
                    left -= filled;
                }
            }
        };
        okhttp3.Request request = new okhttp3.Request.Builder().url(url).put(body).build();
        okhttp3.Call call = streaming.newCall(request);
        try (WriteStalls.Write write = stalls.watch(call)) {
            watch[0] = write;
            try (okhttp3.Response response = call.execute()) {
                if (!response.isSuccessful()) {
                    String answer = response.body() == null ? "" : response.body().string();
                    java.util.regex.Matcher code = java.util.regex.Pattern.compile("<Code>([^<]+)</Code>").matcher(answer);
                    throw S3Failures.answered("PUT", response.code(), code.find() ? code.group(1) : "");
                }
                return Optional.ofNullable(response.header("ETag")).orElse("").replace("\"", "");
            } catch (IOException e) {
                if (write.stalled()) {
                    throw new java.net.SocketTimeoutException("the store took no bytes for " + config.readTimeout());
                }
                throw e;
            }
        }
    }

    // ---- multipart uploads ---------------------------------------------------------------

    @Override
    public boolean offersMultipart() {
        return true;
    }

    @Override
    public String startMultipart(StorageKey key, String mediaType) {
        try {
            com.google.common.collect.Multimap<String, String> headers =
                    com.google.common.collect.ImmutableMultimap.of("Content-Type", objectType(mediaType));
            return uploads.createMultipartUploadAsync(bucket(key.repositoryId()), config.region(), key.key(),
                    headers, null).get().result().uploadId();
        } catch (Exception e) {
            throw S3Failures.translate("starting a multipart upload of " + describe(key), e);
        }
    }

    /** Presigned and streamed, as a put of known length: the part is never buffered. */
    @Override
    public String putPart(StorageKey key, String uploadId, int number, InputStream data, long length) {
        String url;
        try {
            url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                    .bucket(bucket(key.repositoryId())).object(key.key()).expiry(1, TimeUnit.HOURS)
                    .extraQueryParams(Map.of("partNumber", Integer.toString(number), "uploadId", uploadId)).build());
        } catch (Exception e) {
            throw S3Failures.translate("signing part " + number + " of " + describe(key), e);
        }
        Source source = new Source(data);
        try {
            return streamedPut(url, source, length, OCTET_STREAM);
        } catch (Exception e) {
            if (source.failure != null) {
                throw new UncheckedIOException("reading the part failed", source.failure);
            }
            if (e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException) {
                throw new UncheckedIOException("the part ended early", new java.io.EOFException(e.getMessage()));
            }
            throw S3Failures.translate("storing part " + number + " of " + describe(key), e);
        }
    }

    @Override
    public void completeMultipart(StorageKey key, String uploadId, List<StoredPart> parts) {
        io.minio.messages.Part[] named = parts.stream()
                .map(p -> new io.minio.messages.Part(p.number(), p.etag())).toArray(io.minio.messages.Part[]::new);
        try {
            uploads.completeMultipartUploadAsync(bucket(key.repositoryId()), config.region(), key.key(), uploadId,
                    named, null, null).get();
        } catch (Exception e) {
            throw S3Failures.translate("completing the multipart upload of " + describe(key), e);
        }
    }

    @Override
    public void abortMultipart(StorageKey key, String uploadId) {
        try {
            uploads.abortMultipartUploadAsync(bucket(key.repositoryId()), config.region(), key.key(), uploadId,
                    null, null).get();
        } catch (Exception e) {
            if (!S3Failures.isMissing(e)) {
                throw S3Failures.translate("aborting the multipart upload of " + describe(key), e);
            }
        }
    }

    /**
     * The Content-Type an object is stored under. The media type of record is the version's, in
     * the database; the store gets its essence, and a charset it can read, for people browsing the
     * bucket. S3 servers give the header meanings of their own: a form type makes some of them
     * (S3Proxy, as any servlet container) parse the body as form fields, and a charset the server
     * does not know (S3Proxy runs on Java) makes it refuse the request. Other parameters mean
     * nothing to a store, so they are left out.
     */
    static String objectType(String mediaType) {
        if (mediaType == null || mediaType.isBlank()) {
            return OCTET_STREAM;
        }
        okhttp3.MediaType parsed = okhttp3.MediaType.parse(mediaType);
        String essence = mediaType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (parsed == null || essence.equals("application/x-www-form-urlencoded") || essence.startsWith("multipart/")) {
            return OCTET_STREAM;
        }
        String charset;
        try {
            charset = parsed.parameter("charset");
        } catch (RuntimeException e) {
            charset = null; // named twice, differently
        }
        return charset != null && supported(charset) ? essence + "; charset=" + charset : essence;
    }

    private static boolean supported(String charset) {
        try {
            return java.nio.charset.Charset.isSupported(charset);
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    private static final String OCTET_STREAM = "application/octet-stream";

    /**
     * A GET presigned here and sent by the JDK's own HTTP client: it reads the socket with the
     * caller's buffer (256 KiB a read for a download) where the MinIO client's reads 8 KiB at a
     * time and copies once more, which made a download cost the service twice the CPU the store
     * spends on it (docs/performance.md). Errors are the store's XML answers, translated as the
     * MinIO client's are.
     */
    @Override
    public InputStream open(StorageKey key, Optional<ByteRange> range) {
        String what = "reading " + describe(key);
        java.net.HttpURLConnection connection;
        try {
            String url = client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket(key.repositoryId())).object(key.key()).expiry(1, java.util.concurrent.TimeUnit.HOURS)
                    .build());
            connection = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
        } catch (Exception e) {
            throw S3Failures.translate(what, e);
        }
        connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, config.readTimeout().toMillis()));
        range.ifPresent(r -> connection.setRequestProperty("Range", "bytes=" + r.first() + "-" + r.last()));
        int status;
        try {
            status = connection.getResponseCode();
        } catch (java.io.IOException e) {
            connection.disconnect();
            throw new DocumentException.Unavailable(what + ": the store cannot be reached (" + e + ")", e);
        }
        if (status == 200 || status == 206) {
            try {
                return connection.getInputStream();
            } catch (java.io.IOException e) {
                connection.disconnect();
                throw new DocumentException.Unavailable(what + ": the store cannot be reached (" + e + ")", e);
            }
        }
        String answer;
        try (InputStream error = connection.getErrorStream()) {
            answer = error == null ? "" : new String(error.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            answer = "";
        }
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("<Code>([^<]+)</Code>").matcher(answer);
        throw S3Failures.answered(what, status, code.find() ? code.group(1) : "");
    }

    @Override
    public Optional<StoredObject> stat(StorageKey key) {
        String bucket = bucket(key.repositoryId());
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key.key()).build());
            return Optional.of(new StoredObject(key, stat.size(), stat.lastModified().toInstant()));
        } catch (Exception e) {
            if (S3Failures.isMissing(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate("looking up " + describe(key), e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        String bucket = bucket(key.repositoryId());
        try {
            if (!locksObjects()) {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.key()).build());
                return;
            }
            // Object lock needs a versioned bucket, where a plain delete only hides the bytes behind
            // a delete marker: every version goes, and a locked one is refused by the store.
            for (Result<Item> listed : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(key.key())
                    .includeVersions(true).build())) {
                Item item = listed.get();
                if (item.objectName().equals(key.key())) {
                    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.key())
                            .versionId(item.versionId()).build());
                }
            }
        } catch (Exception e) {
            if (isLocked(e)) {
                throw new DocumentException.Conflict(describe(key) + " is locked by the store's object lock");
            }
            if (!S3Failures.isMissing(e)) {
                throw S3Failures.translate("deleting " + describe(key), e);
            }
        }
    }

    private static boolean isLocked(Exception e) {
        String text = String.valueOf(e) + " " + String.valueOf(e.getCause());
        return text.contains("AccessDenied") && (text.contains("WORM") || text.contains("retention")
                || text.contains("lock"));
    }

    /** Whether every bucket has object lock enabled: asked once, since a bucket cannot lose it. */
    private volatile Boolean locking;

    @Override
    public boolean locksObjects() {
        if (config.objectLock().isEmpty()) {
            return false;
        }
        Boolean known = locking;
        if (known == null) {
            boolean all = true;
            for (String bucket : Set.copyOf(config.repositories().values())) {
                try {
                    var lock = client.getObjectLockConfiguration(io.minio.GetObjectLockConfigurationArgs.builder()
                            .bucket(bucket).build());
                    all &= lock != null;
                } catch (Exception e) {
                    // A store without object lock (S3Proxy) or a bucket made without it.
                    all = false;
                }
            }
            locking = known = all;
        }
        return known;
    }

    @Override
    public void lockUntil(StorageKey key, Instant until) {
        if (!locksObjects()) {
            throw new UnsupportedOperationException("the store keeps no object locks: object lock is not "
                    + (config.objectLock().isEmpty() ? "configured" : "enabled on its buckets"));
        }
        String bucket = bucket(key.repositoryId());
        try {
            client.setObjectRetention(io.minio.SetObjectRetentionArgs.builder().bucket(bucket).object(key.key())
                    .config(new io.minio.messages.Retention(io.minio.messages.RetentionMode.valueOf(
                            config.objectLock().get()), until.atZone(ZoneOffset.UTC)))
                    .build());
        } catch (Exception e) {
            if (S3Failures.isMissing(e)) {
                throw new DocumentException.NotFound("no object " + describe(key));
            }
            throw S3Failures.translate("locking " + describe(key), e);
        }
    }

    @Override
    public int abortUnfinishedUploads(String repositoryId, Instant before,
                                      java.util.function.Predicate<String> inUse) {
        String bucket = bucket(repositoryId);
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        try {
            while (true) {
                io.minio.messages.ListMultipartUploadsResult page = uploads.listMultipartUploadsAsync(bucket,
                        config.region(), null, null, keyMarker, 1000, null, uploadIdMarker, null, null).get().result();
                for (io.minio.messages.Upload upload : page.uploads()) {
                    // An upload whose start the store does not tell is left alone: it may be in flight.
                    if (upload.initiated() == null || !upload.initiated().toInstant().isBefore(before)
                            || inUse.test(upload.uploadId())) {
                        continue;
                    }
                    uploads.abortMultipartUploadAsync(bucket, config.region(), upload.objectName(), upload.uploadId(),
                            null, null).get();
                    aborted++;
                }
                if (!page.isTruncated()) {
                    return aborted;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        } catch (Exception e) {
            throw S3Failures.translate("aborting unfinished uploads in repository " + repositoryId, e);
        }
    }

    @Override
    public Stream<StoredObject> list(String repositoryId, String prefix) {
        String bucket = bucket(repositoryId);
        String what = "listing " + repositoryId + "/" + prefix;
        Iterator<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(prefix == null ? "" : prefix).recursive(true).build()).iterator();
        // Pages are fetched as the stream is consumed; failures surface there, translated.
        Iterator<StoredObject> objects = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return results.hasNext();
                } catch (RuntimeException e) {
                    throw S3Failures.translate(what, e);
                }
            }

            @Override
            public StoredObject next() {
                try {
                    Item item = results.next().get();
                    return new StoredObject(new StorageKey(repositoryId, item.objectName()), item.size(),
                            item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant());
                } catch (Exception e) {
                    throw S3Failures.translate(what, e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(objects, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes, Instant expiresAt) {
        String bucket = bucket(key.repositoryId());
        if (maxBytes < 1) {
            throw new DocumentException.InvalidInput("an upload form needs a limit of at least one byte");
        }
        Objects.requireNonNull(mediaType, "mediaType");
        PostPolicy policy = new PostPolicy(bucket, expiresAt.atZone(ZoneOffset.UTC));
        policy.addEqualsCondition("key", key.key());
        policy.addEqualsCondition("Content-Type", objectType(mediaType));
        // At least one byte: an empty object is never what a client meant to upload.
        policy.addContentLengthRangeCondition(1, maxBytes);
        Map<String, String> signed;
        try {
            signed = signer.getPresignedPostFormData(policy);
        } catch (Exception e) {
            throw S3Failures.translate("signing an upload form for " + describe(key), e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("bucket", bucket);
        fields.put("key", key.key());
        fields.put("Content-Type", objectType(mediaType));
        // S3 and MinIO read form field names without regard to case; the names are spelled the way
        // the seed API's clients know them (AWS SDK style), values as the MinIO client made them.
        signed.forEach((name, value) -> fields.put(formFieldName(name), value));
        return new UploadForm(URI.create(config.publicEndpoint() + "/" + bucket), fields);
    }

    static String formFieldName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "policy" -> "Policy";
            case "x-amz-algorithm" -> "X-Amz-Algorithm";
            case "x-amz-credential" -> "X-Amz-Credential";
            case "x-amz-date" -> "X-Amz-Date";
            case "x-amz-signature" -> "X-Amz-Signature";
            case "x-amz-security-token" -> "X-Amz-Security-Token";
            default -> name;
        };
    }

    @Override
    public boolean isAvailable() {
        try {
            return probe.bucketExists(BucketExistsArgs.builder().bucket(bucket(config.defaultRepository())).build());
        } catch (Exception e) {
            return false;
        }
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        partSenders.shutdown();
        stalls.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "MinioContentStore[" + config + "]";
    }

    private String bucket(String repositoryId) {
        String bucket = config.repositories().get(repositoryId);
        if (bucket == null) {
            throw new DocumentException.NotFound("no repository " + repositoryId);
        }
        return bucket;
    }

    private void removeQuietly(String bucket, String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            // Best effort: the sweeper removes what no version references.
        }
    }

    private static String describe(StorageKey key) {
        return key.key() + " in repository " + key.repositoryId();
    }

    /** Remembers a failure of the caller's stream, to tell it apart from a failure of the store. */
    private static final class Source extends FilterInputStream {
        private volatile IOException failure;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * How to reach the store. {@code publicEndpoint} is where clients reach it (for presigned
     * URLs) when that differs from {@code endpoint}; {@code repositories} maps repository ids to
     * bucket names.
     */
    public record Config(URI endpoint, URI publicEndpoint, String accessKey, String secretKey, String region,
            Map<String, String> repositories, String defaultRepository, long partSize, boolean createMissingBuckets,
            Duration connectTimeout, Duration readTimeout, Duration probeTimeout, Optional<String> objectLock) {

        public static final String DEFAULT_REGION = "us-east-1";
        public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

        public Config {
            endpoint = baseUri(Objects.requireNonNull(endpoint, "endpoint"));
            publicEndpoint = publicEndpoint == null ? endpoint : baseUri(publicEndpoint);
            requireText(accessKey, "accessKey");
            requireText(secretKey, "secretKey");
            region = region == null || region.isBlank() ? DEFAULT_REGION : region;
            if (repositories == null || repositories.isEmpty()) {
                throw new IllegalArgumentException("at least one repository is required");
            }
            repositories.forEach((id, bucket) -> {
                requireText(id, "repository id");
                if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                    throw new IllegalArgumentException("not a valid bucket name for repository " + id + ": " + bucket);
                }
            });
            repositories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
            defaultRepository = defaultRepository == null ? repositories.keySet().iterator().next() : defaultRepository;
            if (!repositories.containsKey(defaultRepository)) {
                throw new IllegalArgumentException("the default repository " + defaultRepository + " is not configured");
            }
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                throw new IllegalArgumentException("the part size must be from 5 MiB to 5 GiB: " + partSize);
            }
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofMinutes(2) : readTimeout;
            probeTimeout = probeTimeout == null ? Duration.ofSeconds(2) : probeTimeout;
            objectLock = objectLock == null ? Optional.empty() : objectLock.map(m -> m.strip().toUpperCase(java.util.Locale.ROOT));
            objectLock.ifPresent(m -> {
                if (!m.equals("GOVERNANCE") && !m.equals("COMPLIANCE")) {
                    throw new IllegalArgumentException("the object lock mode is governance or compliance, not " + m);
                }
            });
        }

        public static Builder builder() {
            return new Builder();
        }

        @Override
        public String toString() {
            // Never the secret key.
            return "Config[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", accessKey=" + accessKey
                    + ", region=" + region + ", repositories=" + repositories + ", defaultRepository="
                    + defaultRepository + ", partSize=" + partSize + ", createMissingBuckets=" + createMissingBuckets + "]";
        }

        private static URI baseUri(URI uri) {
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                throw new IllegalArgumentException("an endpoint is an http(s) URL with a host: " + uri);
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is required");
            }
        }

        /** Builds a {@link Config}; endpoint, credentials and one repository are required. */
        public static final class Builder {
            private URI endpoint;
            private URI publicEndpoint;
            private String accessKey;
            private String secretKey;
            private String region = DEFAULT_REGION;
            private final Map<String, String> repositories = new LinkedHashMap<>();
            private String defaultRepository;
            private long partSize = DEFAULT_PART_SIZE;
            private boolean createMissingBuckets;
            private Duration connectTimeout;
            private Duration readTimeout;
            private Duration probeTimeout;
            private Optional<String> objectLock = Optional.empty();

            private Builder() {
            }

            public Builder endpoint(URI endpoint) {
                this.endpoint = endpoint;
                return this;
            }

            /** Where clients reach the store, when not at {@link #endpoint}: presigned URLs name it. */
            public Builder publicEndpoint(URI publicEndpoint) {
                this.publicEndpoint = publicEndpoint;
                return this;
            }

            public Builder credentials(String accessKey, String secretKey) {
                this.accessKey = accessKey;
                this.secretKey = secretKey;
                return this;
            }

            public Builder region(String region) {
                this.region = region;
                return this;
            }

            /** Adds a repository kept in the bucket; the first one added is the default unless set. */
            public Builder repository(String repositoryId, String bucket) {
                repositories.put(repositoryId, bucket);
                return this;
            }

            public Builder defaultRepository(String repositoryId) {
                this.defaultRepository = repositoryId;
                return this;
            }

            /** Bytes per multipart part, and so per upload held in memory; default 16 MiB. */
            public Builder partSize(long partSize) {
                this.partSize = partSize;
                return this;
            }

            public Builder createMissingBuckets(boolean createMissingBuckets) {
                this.createMissingBuckets = createMissingBuckets;
                return this;
            }

            public Builder connectTimeout(Duration connectTimeout) {
                this.connectTimeout = connectTimeout;
                return this;
            }

            /** How long a read or write on a connection may stall; default two minutes. */
            public Builder readTimeout(Duration readTimeout) {
                this.readTimeout = readTimeout;
                return this;
            }

            /** The limit for {@link MinioContentStore#isAvailable()}; default two seconds. */
            public Builder probeTimeout(Duration probeTimeout) {
                this.probeTimeout = probeTimeout;
                return this;
            }

            /**
             * Locks the objects of retained documents in the store too (S3 Object Lock, in this
             * mode: governance or compliance). Buckets this store creates get object lock enabled;
             * existing buckets must have it.
             */
            public Builder objectLock(String mode) {
                this.objectLock = Optional.ofNullable(mode);
                return this;
            }

            public Config build() {
                return new Config(endpoint, publicEndpoint, accessKey, secretKey, region, repositories,
                        defaultRepository, partSize, createMissingBuckets, connectTimeout, readTimeout, probeTimeout,
                        objectLock);
            }
        }
    }
}
