package io.dossier.testing.contract;

import io.dossier.application.port.UploadForm;
import io.dossier.application.port.out.ContentStore;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.ContentStore.StoredContent;
import io.dossier.application.port.out.ContentStore.StoredObject;
import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.dossier.testing.contract.Fixtures.randomBytes;
import static io.dossier.testing.contract.Fixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ContentStore} implementation must do. */
public abstract class ContentStoreContract {

    /** The store under test, with at least two repositories. */
    protected abstract ContentStore store();

    private StorageKey freshKey() {
        return new StorageKey(store().defaultRepository(), "contract/" + UUID.randomUUID());
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void offers_a_default_among_several_repositories() {
        assertTrue(store().repositories().size() >= 2, "the contract needs two repositories");
        assertTrue(store().repositories().contains(store().defaultRepository()));
        assertTrue(store().isAvailable());
    }

    @Test
    void put_reports_length_and_sha256_and_the_bytes_come_back() throws IOException {
        byte[] bytes = randomBytes(300_000, 1);
        StorageKey key = freshKey();
        StoredContent stored = store().put(key, new ByteArrayInputStream(bytes), "application/octet-stream", 1 << 20);
        assertEquals(bytes.length, stored.length());
        assertEquals(sha256(bytes), stored.sha256());
        assertArrayEquals(bytes, read(store().open(key, Optional.empty())));
        StoredObject stat = store().stat(key).orElseThrow();
        assertEquals(bytes.length, stat.length());
        assertEquals(key, stat.key());
    }

    @Test
    void a_put_with_its_length_announced_stores_the_same_bytes() throws IOException {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 5, 11);
        StorageKey key = freshKey();
        StoredContent stored = store().put(key, new ByteArrayInputStream(bytes), "application/pdf", bytes.length,
                java.util.OptionalLong.of(bytes.length));
        assertEquals(bytes.length, stored.length());
        assertEquals(sha256(bytes), stored.sha256());
        assertArrayEquals(bytes, read(store().open(key, Optional.empty())));
    }

    /** Whatever media type a client declares, the bytes are stored as sent, with or without a known length. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz", "text/plain; charset=utf-8", "application/vnd.a+b; x=\"y z\"",
            "message/rfc822", "text/plain; charset=bogus", "text/html; charset=utf-7", "text/plain; charset=\"x y\"",
            "text/plain; charset=utf-8; charset=latin1"})
    void any_declared_media_type_is_stored_as_sent(String mediaType) throws IOException {
        byte[] bytes = "name=value&other=%20x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (java.util.OptionalLong length : List.of(java.util.OptionalLong.empty(),
                java.util.OptionalLong.of(bytes.length))) {
            StorageKey key = freshKey();
            StoredContent stored = store().put(key, new ByteArrayInputStream(bytes), mediaType, 1 << 20, length);
            assertEquals(sha256(bytes), stored.sha256());
            assertArrayEquals(bytes, read(store().open(key, Optional.empty())), mediaType + " " + length);
        }
        if (store().offersMultipart()) {
            StorageKey key = freshKey();
            String upload = store().startMultipart(key, mediaType);
            String part = store().putPart(key, upload, 1, new ByteArrayInputStream(bytes), bytes.length);
            store().completeMultipart(key, upload, List.of(new ContentStore.StoredPart(1, part)));
            assertArrayEquals(bytes, read(store().open(key, Optional.empty())), mediaType + " in parts");
        }
    }

    @Test
    void a_stream_shorter_than_announced_stores_nothing() {
        StorageKey key = freshKey();
        assertThrows(RuntimeException.class, () -> store().put(key, new ByteArrayInputStream(new byte[10]),
                "text/plain", 100, java.util.OptionalLong.of(20)));
        assertTrue(store().stat(key).isEmpty());
    }

    @Test
    void a_stream_that_fails_midway_stores_nothing_with_or_without_its_length_announced() {
        // As when the object being copied changes under the read that feeds the copy.
        byte[] bytes = randomBytes(300_000, 11);
        for (java.util.OptionalLong length : List.of(java.util.OptionalLong.of(bytes.length),
                java.util.OptionalLong.empty())) {
            StorageKey key = freshKey();
            java.io.InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
                private int passed;

                @Override
                public int read(byte[] buffer, int offset, int count) throws IOException {
                    if (passed >= 200_000) {
                        throw new IOException("the source changed");
                    }
                    int n = super.read(buffer, offset, Math.min(count, 200_000 - passed));
                    passed += Math.max(n, 0);
                    return n;
                }
            };
            assertThrows(RuntimeException.class, () -> store().put(key, failing, "application/octet-stream",
                    1 << 20, length));
            assertTrue(store().stat(key).isEmpty(), "nothing stored for " + length);
        }
    }

    @Test
    void an_empty_object_can_be_stored() throws IOException {
        StorageKey key = freshKey();
        StoredContent stored = store().put(key, new ByteArrayInputStream(new byte[0]), "text/plain", 10);
        assertEquals(0, stored.length());
        assertEquals(sha256(new byte[0]), stored.sha256());
        assertEquals(0, read(store().open(key, Optional.empty())).length);
    }

    @Test
    void a_range_returns_exactly_those_bytes() throws IOException {
        byte[] bytes = randomBytes(10_000, 2);
        StorageKey key = freshKey();
        store().put(key, new ByteArrayInputStream(bytes), "application/octet-stream", bytes.length);
        byte[] part = read(store().open(key, Optional.of(new ByteRange(100, 1099))));
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 100, 1100), part);
        byte[] tail = read(store().open(key, Optional.of(new ByteRange(9_990, 9_999))));
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000), tail);
    }

    @Test
    void content_over_the_limit_is_refused_and_nothing_is_left() {
        StorageKey key = freshKey();
        byte[] bytes = randomBytes(5_000, 3);
        DocumentException.ContentTooLarge e = assertThrows(DocumentException.ContentTooLarge.class,
                () -> store().put(key, new ByteArrayInputStream(bytes), "application/octet-stream", 4_999));
        assertEquals(4_999, e.limit());
        assertTrue(store().stat(key).isEmpty());
    }

    @Test
    void content_of_exactly_the_limit_is_accepted() {
        StorageKey key = freshKey();
        byte[] bytes = randomBytes(5_000, 4);
        assertEquals(5_000, store().put(key, new ByteArrayInputStream(bytes), "text/plain", 5_000).length());
    }

    @Test
    void a_missing_object_is_not_found() {
        StorageKey key = freshKey();
        assertTrue(store().stat(key).isEmpty());
        assertThrows(DocumentException.NotFound.class, () -> store().open(key, Optional.empty()).close());
        store().delete(key); // deleting what is not there is fine
    }

    @Test
    void an_unknown_repository_is_not_found() {
        StorageKey key = new StorageKey("no-such-repository-" + UUID.randomUUID().toString().substring(0, 8), "k");
        assertThrows(DocumentException.NotFound.class,
                () -> store().put(key, new ByteArrayInputStream(new byte[1]), "text/plain", 10));
    }

    @Test
    void delete_removes_the_object() {
        StorageKey key = freshKey();
        store().put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), "text/plain", 10);
        store().delete(key);
        assertTrue(store().stat(key).isEmpty());
    }

    @Test
    void repositories_are_separate() {
        List<String> repositories = store().repositories().stream().sorted().toList();
        String path = "contract/" + UUID.randomUUID();
        StorageKey first = new StorageKey(repositories.get(0), path);
        StorageKey second = new StorageKey(repositories.get(1), path);
        store().put(first, new ByteArrayInputStream(new byte[] {1}), "text/plain", 10);
        assertTrue(store().stat(second).isEmpty());
    }

    @Test
    void list_finds_objects_by_prefix_with_their_size_and_age() {
        String prefix = "list-" + UUID.randomUUID() + "/";
        Instant before = Instant.now().minusSeconds(5);
        for (int i = 0; i < 3; i++) {
            store().put(new StorageKey(store().defaultRepository(), prefix + i), new ByteArrayInputStream(new byte[i + 1]),
                    "text/plain", 10);
        }
        try (Stream<StoredObject> listed = store().list(store().defaultRepository(), prefix)) {
            List<StoredObject> objects = listed.sorted(java.util.Comparator.comparing(o -> o.key().key())).toList();
            assertEquals(3, objects.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(prefix + i, objects.get(i).key().key());
                assertEquals(i + 1, objects.get(i).length());
                assertFalse(objects.get(i).lastModified().isBefore(before));
            }
        }
    }

    @Test
    void a_stream_of_several_megabytes_in_small_reads_arrives_whole() throws IOException {
        int size = 12 * 1024 * 1024 + 17;
        StorageKey key = freshKey();
        // A stream that hands out a few bytes at a time, like a slow network body.
        InputStream trickle = new InputStream() {
            private final byte[] data = randomBytes(size, 5);
            private int position;

            @Override
            public int read() {
                return position < data.length ? data[position++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1500), data.length - position);
                System.arraycopy(data, position, b, off, n);
                position += n;
                return n;
            }
        };
        StoredContent stored = store().put(key, trickle, "application/octet-stream", size);
        assertEquals(size, stored.length());
        assertEquals(sha256(randomBytes(size, 5)), stored.sha256());
        assertEquals(stored.sha256(), sha256(read(store().open(key, Optional.empty()))));
    }

    @Test
    void presigned_forms_and_downloads_are_issued_for_the_exact_key() {
        StorageKey key = freshKey();
        UploadForm form = store().presignUpload(key, "image/png", 1000,
                Instant.now().plus(Duration.ofMinutes(5)));
        assertEquals(key.key(), form.fields().get("key"));
        assertTrue(form.url() != null);
    }

    @Test
    void a_locked_object_cannot_be_deleted_or_overwritten_until_its_lock_ends() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(store().locksObjects(), "this store keeps no object locks"
                + " (S3 Object Lock): retentions are then enforced by Dossier alone");
        StorageKey key = new StorageKey(store().defaultRepository(), "locks/" + java.util.UUID.randomUUID());
        byte[] bytes = "kept for a duty".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        store().put(key, new ByteArrayInputStream(bytes), "text/plain", 1 << 20);
        store().lockUntil(key, java.time.Instant.now().plus(java.time.Duration.ofDays(1)));

        assertThrows(io.dossier.domain.DocumentException.Conflict.class, () -> store().delete(key));
        assertThrows(io.dossier.domain.DocumentException.Conflict.class, () -> store().put(key,
                new ByteArrayInputStream(new byte[] {1}), "text/plain", 1 << 20));
        try (java.io.InputStream in = store().open(key, Optional.empty())) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, in.readAllBytes(), "the bytes are as they were");
        }
    }

    // ---- multipart uploads -------------------------------------------------------------------

    private static final int PART = (int) ContentStore.MIN_PART_SIZE;

    @Test
    void a_multipart_upload_becomes_one_object_of_the_named_parts_in_order() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(store().offersMultipart(), "this store offers no multipart uploads");
        byte[] first = randomBytes(PART, 21);
        byte[] wrong = randomBytes(PART, 22);
        byte[] last = randomBytes(1234, 23);
        StorageKey key = freshKey();
        String upload = store().startMultipart(key, "application/pdf");
        store().putPart(key, upload, 1, new ByteArrayInputStream(wrong), PART);
        // Stored again under the same number, a part replaces the earlier one.
        String one = store().putPart(key, upload, 1, new ByteArrayInputStream(first), PART);
        String two = store().putPart(key, upload, 2, new ByteArrayInputStream(last), last.length);
        store().putPart(key, upload, 3, new ByteArrayInputStream(wrong), PART);
        assertTrue(store().stat(key).isEmpty(), "nothing is at the key before completion");

        store().completeMultipart(key, upload, List.of(new ContentStore.StoredPart(1, one),
                new ContentStore.StoredPart(2, two)));

        byte[] whole = new byte[first.length + last.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(last, 0, whole, first.length, last.length);
        assertArrayEquals(whole, read(store().open(key, Optional.empty())), "part 3 was not named, so it is not there");
    }

    @Test
    void a_part_whose_bytes_end_early_fails_and_an_aborted_upload_takes_no_parts() {
        org.junit.jupiter.api.Assumptions.assumeTrue(store().offersMultipart(), "this store offers no multipart uploads");
        StorageKey key = freshKey();
        String upload = store().startMultipart(key, "application/octet-stream");
        assertThrows(java.io.UncheckedIOException.class, () -> store().putPart(key, upload, 1,
                new ByteArrayInputStream(new byte[100]), 200));
        String etag = store().putPart(key, upload, 1, new ByteArrayInputStream(new byte[10]), 10);

        store().abortMultipart(key, upload);
        store().abortMultipart(key, upload); // again: no error
        assertThrows(DocumentException.class, () -> store().completeMultipart(key, upload,
                List.of(new ContentStore.StoredPart(1, etag))), "an aborted upload's parts are gone");
        assertTrue(store().stat(key).isEmpty());
    }

    @Test
    void the_sweep_of_unfinished_uploads_spares_those_in_use() {
        org.junit.jupiter.api.Assumptions.assumeTrue(store().offersMultipart(), "this store offers no multipart uploads");
        StorageKey kept = freshKey();
        StorageKey dropped = freshKey();
        String keptUpload = store().startMultipart(kept, "application/octet-stream");
        String droppedUpload = store().startMultipart(dropped, "application/octet-stream");
        String keptPart = store().putPart(kept, keptUpload, 1, new ByteArrayInputStream(new byte[10]), 10);
        String droppedPart = store().putPart(dropped, droppedUpload, 1, new ByteArrayInputStream(new byte[10]), 10);

        int aborted = store().abortUnfinishedUploads(store().defaultRepository(),
                Instant.now().plus(Duration.ofMinutes(5)), keptUpload::equals);

        assertTrue(aborted >= 1, "the upload not in use is aborted");
        assertThrows(DocumentException.class, () -> store().completeMultipart(dropped, droppedUpload,
                List.of(new ContentStore.StoredPart(1, droppedPart))));
        assertTrue(store().stat(dropped).isEmpty());
        store().completeMultipart(kept, keptUpload, List.of(new ContentStore.StoredPart(1, keptPart)));
        assertEquals(10, store().stat(kept).orElseThrow().length());
    }
}
