package io.dossier.adapter.storage;

import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PresignedDownloadTest {
    private static MinioContentStore store;

    @BeforeAll
    static void connect() {
        store = new MinioContentStore(TestS3.config().build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static StorageKey stored(MinioContentStore into, byte[] bytes) {
        StorageKey key = new StorageKey("archive", "acme/" + UUID.randomUUID());
        into.put(key, new ByteArrayInputStream(bytes), "application/pdf", bytes.length);
        return key;
    }

    @Test
    void a_presigned_get_returns_the_object() throws Exception {
        byte[] bytes = randomBytes(4096, 21);
        URI url = store.presignDownload(stored(store, bytes), Duration.ofMinutes(5));
        HttpResponse<byte[]> response = FormPost.get(url);
        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, response.body());
    }

    @Test
    void a_tampered_presigned_get_is_refused() throws Exception {
        StorageKey key = stored(store, randomBytes(100, 22));
        StorageKey other = stored(store, randomBytes(100, 23));
        String url = store.presignDownload(key, Duration.ofMinutes(5)).toString();

        // The same signature for another object.
        assertEquals(403, FormPost.get(URI.create(url.replace(key.key(), other.key()))).statusCode());
        // A longer life than was signed.
        assertEquals(403, FormPost.get(URI.create(url.replace("X-Amz-Expires=300", "X-Amz-Expires=600"))).statusCode());
        // A changed signature.
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        String flipped = url.substring(0, at) + (url.charAt(at) == '0' ? '1' : '0') + url.substring(at + 1);
        assertEquals(403, FormPost.get(URI.create(flipped)).statusCode());
    }

    @Test
    void with_a_public_endpoint_urls_are_signed_for_that_host() throws Exception {
        // "localhost" stands for the address clients use; it reaches the same server.
        URI internal = TestS3.get().endpoint;
        assumeTrue("127.0.0.1".equals(internal.getHost()), "needs a loopback server reachable under a second name");
        URI external = URI.create(internal.getScheme() + "://localhost:" + internal.getPort());
        try (MinioContentStore published = new MinioContentStore(TestS3.config().publicEndpoint(external).build())) {
            byte[] bytes = randomBytes(2048, 24);
            StorageKey key = stored(published, bytes);

            URI url = published.presignDownload(key, Duration.ofMinutes(5));
            assertEquals("localhost", url.getHost());
            HttpResponse<byte[]> response = FormPost.get(url);
            assertEquals(200, response.statusCode());
            assertArrayEquals(bytes, response.body());
            // Signed for the public host, the link does not work under another name.
            URI renamed = URI.create(url.toString().replace("//localhost:", "//127.0.0.1:"));
            assertEquals(403, FormPost.get(renamed).statusCode());

            URI formUrl = published.presignUpload(key, "image/png", 10, Instant.now().plusSeconds(60)).url();
            assertEquals(external + "/" + TestS3.ARCHIVE_BUCKET, formUrl.toString());
        }
    }

    @Test
    void a_lifetime_beyond_seven_days_is_refused() {
        StorageKey key = new StorageKey("default", "x");
        assertThrows(DocumentException.InvalidInput.class, () -> store.presignDownload(key, Duration.ofDays(8)));
        assertThrows(DocumentException.InvalidInput.class, () -> store.presignDownload(key, Duration.ZERO));
    }

    @Test
    void presigning_for_an_unknown_repository_is_not_found() {
        StorageKey key = new StorageKey("nowhere", "x");
        assertThrows(DocumentException.NotFound.class, () -> store.presignDownload(key, Duration.ofMinutes(1)));
        assertThrows(DocumentException.NotFound.class,
                () -> store.presignUpload(key, "image/png", 10, Instant.now().plusSeconds(60)));
        assertTrue(store.repositories().contains("default"));
    }
}
