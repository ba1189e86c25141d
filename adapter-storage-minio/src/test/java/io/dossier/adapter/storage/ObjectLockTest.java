package io.dossier.adapter.storage;

import io.dossier.application.port.out.ContentStore;
import io.dossier.testing.contract.ContentStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The port's contract on a store configured for S3 Object Lock, on buckets of its own (created
 * with object lock). Against S3Proxy, which has no object lock, the locking test is reported as
 * skipped with its reason; against a MinIO given by {@code DOSSIER_TEST_S3_ENDPOINT} it runs.
 */
class ObjectLockTest extends ContentStoreContract {
    private static MinioContentStore store;

    @BeforeAll
    static void connect() {
        TestS3 s3 = TestS3.get();
        store = new MinioContentStore(MinioContentStore.Config.builder().endpoint(s3.endpoint)
                .credentials(s3.accessKey, s3.secretKey)
                .repository("default", "dossier-test-locked").repository("archive", "dossier-test-locked-archive")
                .createMissingBuckets(true).objectLock("governance").build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected ContentStore store() {
        return store;
    }

    @Test
    void a_store_without_object_lock_says_so_and_refuses_to_lock() {
        org.junit.jupiter.api.Assumptions.assumeFalse(store.locksObjects(), "this store has object lock");
        assertFalse(store.locksObjects());
        assertThrows(UnsupportedOperationException.class, () -> store.lockUntil(
                new io.dossier.domain.StorageKey("default", "x"), java.time.Instant.now().plusSeconds(60)));
    }

    @Test
    void an_unknown_lock_mode_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> MinioContentStore.Config.builder()
                .endpoint(java.net.URI.create("http://127.0.0.1:1")).credentials("a", "b").repository("default", "abc")
                .objectLock("forever").build());
    }
}
