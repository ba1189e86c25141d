package io.dossier.adapter.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigTest {
    private static MinioContentStore.Config.Builder minimal() {
        return MinioContentStore.Config.builder()
                .endpoint(URI.create("http://minio.internal:9000/"))
                .credentials("access", "very-secret")
                .repository("default", "documents");
    }

    @Test
    void defaults() {
        MinioContentStore.Config config = minimal().build();
        assertEquals(URI.create("http://minio.internal:9000"), config.endpoint());
        assertEquals(config.endpoint(), config.publicEndpoint());
        assertEquals("us-east-1", config.region());
        assertEquals("default", config.defaultRepository());
        assertEquals(16L * 1024 * 1024, config.partSize());
        assertFalse(config.createMissingBuckets());
    }

    @Test
    void the_secret_key_is_not_printed() {
        assertFalse(minimal().build().toString().contains("very-secret"));
    }

    @Test
    void bad_settings_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> minimal().partSize(1024 * 1024).build());
        assertThrows(IllegalArgumentException.class, () -> minimal().repository("x", "Not_A_Bucket").build());
        assertThrows(IllegalArgumentException.class, () -> minimal().defaultRepository("elsewhere").build());
        assertThrows(IllegalArgumentException.class, () -> minimal().endpoint(URI.create("ftp://host")).build());
        assertThrows(IllegalArgumentException.class, () -> minimal().credentials("a", " ").build());
    }
}
