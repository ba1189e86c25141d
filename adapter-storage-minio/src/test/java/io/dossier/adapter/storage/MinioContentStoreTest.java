package io.dossier.adapter.storage;

import io.dossier.application.port.out.ContentStore;
import io.dossier.testing.contract.ContentStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The port's contract against a real S3 server, with two buckets. */
class MinioContentStoreTest extends ContentStoreContract {
    private static MinioContentStore store;

    @BeforeAll
    static void connect() {
        store = new MinioContentStore(TestS3.config().build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected ContentStore store() {
        return store;
    }
}
