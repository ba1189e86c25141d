package io.dossier.bootstrap;

import io.dossier.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest {

    @Test
    void nothing_configured_means_embedded_defaults() {
        Configuration c = Configuration.from(Map.of());
        assertEquals(8080, c.port());
        assertTrue(c.database().isEmpty());
        assertTrue(c.storage().isEmpty());
        assertTrue(c.dataDirectory().endsWith("data"));
        assertEquals(100L * 1024 * 1024, c.maxUploadBytes());
        assertEquals(20L * 1024 * 1024, c.maxPdfBytes());
        assertEquals(Duration.ofMinutes(15), c.uploadTtl());
        assertEquals(Duration.ofHours(1), c.sweepGrace());
        assertEquals(Map.of("dossier", "dossier"), c.repositories());
    }

    @Test
    void external_servers_keys_and_limits_are_read() {
        Configuration c = Configuration.from(Map.ofEntries(
                Map.entry("DOSSIER_PORT", "9090"),
                Map.entry("DOSSIER_DB_URL", "jdbc:postgresql://db/dossier"),
                Map.entry("DOSSIER_DB_USER", "u"),
                Map.entry("DOSSIER_S3_ENDPOINT", "http://minio:9000"),
                Map.entry("DOSSIER_S3_ACCESS_KEY", "ak"),
                Map.entry("DOSSIER_S3_SECRET_KEY", "sk"),
                Map.entry("DOSSIER_S3_BUCKET", "docs"),
                Map.entry("DOSSIER_S3_REPOSITORIES", "repo242:archive"),
                Map.entry("DOSSIER_S3_PUBLIC_ENDPOINT", "https://files.example.com"),
                Map.entry("DOSSIER_API_KEYS", "acme:0123456789abcdef0123,globex:fedcba9876543210fedc"),
                Map.entry("DOSSIER_JWT_SECRET", "x".repeat(32)),
                Map.entry("DOSSIER_MAX_UPLOAD_BYTES", "1000"),
                Map.entry("DOSSIER_UPLOAD_TTL", "PT5M"),
                Map.entry("DOSSIER_SWEEP_GRACE", "PT2H")));
        assertEquals(9090, c.port());
        assertEquals("jdbc:postgresql://db/dossier", c.database().orElseThrow().url());
        assertEquals("https://files.example.com", c.storage().orElseThrow().publicEndpoint().orElseThrow());
        assertEquals(Map.of("docs", "docs", "repo242", "archive"), c.repositories());
        assertEquals(new TenantId("acme"), c.apiKeys().get("0123456789abcdef0123"));
        assertEquals(1000, c.maxUploadBytes());
        assertEquals(Duration.ofMinutes(5), c.uploadTtl());
        assertEquals(Duration.ofHours(2), c.sweepGrace());
    }

    @Test
    void a_short_jwt_secret_and_other_mistakes_stop_the_start_naming_each_variable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configuration.from(Map.of(
                "DOSSIER_JWT_SECRET", "too-short",
                "DOSSIER_PORT", "eighty",
                "DOSSIER_UPLOAD_TTL", "15 minutes",
                "DOSSIER_S3_ENDPOINT", "http://minio:9000")));
        assertTrue(e.getMessage().contains("DOSSIER_JWT_SECRET must have at least 32 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("DOSSIER_PORT"), e.getMessage());
        assertTrue(e.getMessage().contains("DOSSIER_UPLOAD_TTL"), e.getMessage());
        assertTrue(e.getMessage().contains("DOSSIER_S3_ACCESS_KEY is required"), e.getMessage());
    }

    @Test
    void the_public_url_is_read_without_its_trailing_slash() {
        assertTrue(Configuration.from(Map.of()).publicUrl().isEmpty(), "links follow the Host header by default");
        assertEquals(URI.create("https://docs.example.com"),
                Configuration.from(Map.of("DOSSIER_PUBLIC_URL", "https://docs.example.com/")).publicUrl().orElseThrow());
        assertEquals(URI.create("https://example.com/dossier"),
                Configuration.from(Map.of("DOSSIER_PUBLIC_URL", "https://example.com/dossier")).publicUrl().orElseThrow());
        assertEquals(URI.create("http://10.0.0.5:8080/dossier"),
                Configuration.from(Map.of("DOSSIER_PUBLIC_URL", " http://10.0.0.5:8080/dossier// ")).publicUrl()
                        .orElseThrow());
    }

    @Test
    void a_public_url_that_cannot_be_the_base_of_links_stops_the_start() {
        for (String value : List.of("ftp://x", "not a url", "https://docs.example.com/?tenant=a",
                "https://docs.example.com/#top", "docs.example.com", "/dossier", "https://user:secret@docs.example.com")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Configuration.from(Map.of("DOSSIER_PUBLIC_URL", value)), value);
            assertTrue(e.getMessage().contains("DOSSIER_PUBLIC_URL"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), "a password in the URL is not repeated: " + e.getMessage());
        }
    }

    @Test
    void api_keys_must_be_long_enough() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Configuration.from(Map.of("DOSSIER_API_KEYS", "acme:short")));
        assertTrue(e.getMessage().contains("shorter than 16"), e.getMessage());
    }
}
