package io.dossier.adapter.storage;

import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process that dies mid-upload leaves the store's multipart upload behind, with its parts. The
 * sweeper's call aborts those older than its cut-off and leaves newer ones (possibly in flight).
 */
class UnfinishedUploadsTest {
    private static MinioContentStore store;
    private static MinioAsyncClient raw;

    @BeforeAll
    static void connect() {
        store = new MinioContentStore(TestS3.config().build());
        TestS3 s3 = TestS3.get();
        raw = MinioAsyncClient.builder().endpoint(s3.endpoint.toString()).region("us-east-1")
                .credentials(s3.accessKey, s3.secretKey).build();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** Starts a multipart upload with one 5 MiB part, as a put does, and never completes it: a crash. */
    private static String leaveUnfinished(String key) throws Exception {
        String uploadId = raw.createMultipartUploadAsync(TestS3.DEFAULT_BUCKET, "us-east-1", key, null, null)
                .get().result().uploadId();
        byte[] part = new byte[5 * 1024 * 1024];
        raw.uploadPartAsync(TestS3.DEFAULT_BUCKET, "us-east-1", key, part, part.length, uploadId, 1, null, null).get();
        return uploadId;
    }

    private static List<Upload> unfinished() throws Exception {
        return raw.listMultipartUploadsAsync(TestS3.DEFAULT_BUCKET, "us-east-1", null, null, null, 1000, null, null,
                null, null).get().result().uploads();
    }

    @Test
    void uploads_older_than_the_cutoff_are_aborted_and_newer_ones_kept() throws Exception {
        String crashed = "crashed/" + UUID.randomUUID();
        leaveUnfinished(crashed);
        assertTrue(unfinished().stream().anyMatch(u -> u.objectName().equals(crashed)), "the store lists it");

        // A cut-off before the upload started: it may still be in flight, so it stays.
        assertEquals(0, store.abortUnfinishedUploads(store.defaultRepository(), Instant.now().minusSeconds(3600)));
        assertTrue(unfinished().stream().anyMatch(u -> u.objectName().equals(crashed)));

        Thread.sleep(1100); // the store records the start to the second
        int aborted = store.abortUnfinishedUploads(store.defaultRepository(), Instant.now());
        assertTrue(aborted >= 1, "aborted " + aborted);
        assertTrue(unfinished().stream().noneMatch(u -> u.objectName().equals(crashed)), "its parts are gone");
    }
}
