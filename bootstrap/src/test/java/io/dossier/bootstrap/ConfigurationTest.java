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
        assertEquals(Duration.ofDays(1), c.tusUploadTtl());
        assertEquals(Map.of("dossier", "dossier"), c.repositories());
    }

    @Test
    void resumable_uploads_live_as_long_as_configured_and_at_least_a_minute() {
        assertEquals(Duration.ofHours(6), Configuration.from(Map.of("DOSSIER_TUS_UPLOAD_TTL", "PT6H")).tusUploadTtl());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Configuration.from(Map.of("DOSSIER_TUS_UPLOAD_TTL", "PT30S")));
        assertTrue(e.getMessage().contains("DOSSIER_TUS_UPLOAD_TTL must be at least a minute"), e.getMessage());
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
    void operations_settings_are_read_and_checked() {
        Configuration c = Configuration.from(Map.of("DOSSIER_CORS_ORIGINS", "https://app.example.com, http://localhost:3000",
                "DOSSIER_METRICS_TOKEN", "metrics-token-0123456789", "DOSSIER_AUTH_FAILURES_PER_MINUTE", "0"));
        assertEquals(java.util.List.of("https://app.example.com", "http://localhost:3000"), c.corsOrigins());
        assertEquals("metrics-token-0123456789", c.metricsToken().orElseThrow());
        assertEquals(0, c.authFailuresPerMinute());
        Configuration defaults = Configuration.from(Map.of());
        assertEquals(java.util.List.of(), defaults.corsOrigins());
        assertTrue(defaults.metricsToken().isEmpty());
        assertEquals(30, defaults.authFailuresPerMinute());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configuration.from(Map.of(
                "DOSSIER_CORS_ORIGINS", "*,https://app.example.com/path", "DOSSIER_METRICS_TOKEN", "short",
                "DOSSIER_AUTH_FAILURES_PER_MINUTE", "-1")));
        for (String named : new String[] {"'*'", "'https://app.example.com/path'", "DOSSIER_METRICS_TOKEN",
                "DOSSIER_AUTH_FAILURES_PER_MINUTE"}) {
            assertTrue(e.getMessage().contains(named), e.getMessage());
        }
    }

    @Test
    void the_embedded_store_takes_posts_from_the_consoles_origins_besides_the_configured_ones() {
        assertEquals(java.util.List.of("https://app.example.com", "http://localhost:8080", "http://127.0.0.1:8080",
                "https://docs.example.com"), DossierServer.storeOrigins(Configuration.from(Map.of(
                        "DOSSIER_CORS_ORIGINS", "https://app.example.com", "DOSSIER_PORT", "8080",
                        "DOSSIER_PUBLIC_URL", "https://docs.example.com/dossier"))));
        assertEquals(java.util.List.of(), DossierServer.storeOrigins(Configuration.from(Map.of("DOSSIER_PORT", "0"))),
                "a port chosen at start is not known yet");
    }

    @Test
    void the_trash_period_and_the_retention_policies_are_read_and_a_wrong_policy_is_named() {
        Configuration c = Configuration.from(Map.of("DOSSIER_TRASH_PERIOD", "P7D",
                "DOSSIER_RETENTION_POLICIES", "tag:invoice=P10Y, type:application/pdf=P6Y"));
        assertEquals(java.time.Duration.ofDays(7), c.trashPeriod());
        assertEquals(java.util.List.of("tag:invoice=P10Y", "type:application/pdf=P6Y"),
                c.retentionPolicies().stream().map(Object::toString).toList());
        assertEquals(java.time.Duration.ofDays(30), Configuration.from(Map.of()).trashPeriod());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configuration.from(Map.of(
                "DOSSIER_RETENTION_POLICIES", "tag:invoice=ten years")));
        assertTrue(e.getMessage().contains("DOSSIER_RETENTION_POLICIES") && e.getMessage().contains("ten years"),
                e.getMessage());
        assertEquals(java.util.Optional.of("governance"),
                Configuration.from(Map.of("DOSSIER_S3_OBJECT_LOCK", "Governance")).objectLock());
        assertTrue(Configuration.from(Map.of()).objectLock().isEmpty());
        IllegalArgumentException lock = assertThrows(IllegalArgumentException.class, () -> Configuration.from(Map.of(
                "DOSSIER_S3_OBJECT_LOCK", "forever")));
        assertTrue(lock.getMessage().contains("governance or compliance"), lock.getMessage());
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

    @Test
    void a_tenant_may_have_several_keys_each_working_on_its_own() {
        Configuration c = Configuration.from(Map.of("DOSSIER_API_KEYS",
                "acme:old-key-0123456789abcdef, acme:new-key-0123456789abcdef,globex:globex-key-0123456789"));
        assertEquals(3, c.apiKeys().size());
        assertEquals(new TenantId("acme"), c.apiKeys().get("old-key-0123456789abcdef"));
        assertEquals(new TenantId("acme"), c.apiKeys().get("new-key-0123456789abcdef"));
        assertEquals(new TenantId("globex"), c.apiKeys().get("globex-key-0123456789"));
    }

    @Test
    void every_fault_is_named_with_its_variable_in_one_message_and_no_secret_is_repeated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configuration.from(Map.of(
                "DOSSIER_API_KEYS", "acme:short-secret,globex:same-key-0123456789,initech:same-key-0123456789",
                "DOSSIER_EVENTS_TOKEN", "tiny-token",
                "DOSSIER_S3_BUCKET", "Not_A_Bucket",
                "DOSSIER_S3_REPOSITORIES", "archive:ok-bucket,archive:other-bucket",
                "DOSSIER_DB_URL", "mysql://db/x",
                "DOSSIER_DB_SOCKET_TIMEOUT", "PT5S",
                "DOSSIER_DB_STATEMENT_TIMEOUT", "PT10S",
                "DOSSIER_S3_TIMEOUT", "soon")));
        String message = e.getMessage();
        for (String expected : List.of("DOSSIER_API_KEYS: key 1 (of tenant acme) is shorter than 16 characters",
                "DOSSIER_API_KEYS: key 3 (of tenant initech) is given twice",
                "DOSSIER_EVENTS_TOKEN must have at least 16 characters", "DOSSIER_S3_BUCKET: 'Not_A_Bucket'",
                "repository archive is named twice", "DOSSIER_DB_URL must be a PostgreSQL JDBC URL",
                "DOSSIER_DB_SOCKET_TIMEOUT must be longer than DOSSIER_DB_STATEMENT_TIMEOUT", "DOSSIER_S3_TIMEOUT")) {
            assertTrue(message.contains(expected), expected + " in:\n" + message);
        }
        assertFalse(message.contains("short-secret") || message.contains("same-key") || message.contains("tiny-token"),
                message);
    }

    @Test
    void timeouts_and_the_embedded_store_port_are_read() {
        Configuration c = Configuration.from(Map.of("DOSSIER_DB_SOCKET_TIMEOUT", "PT30S",
                "DOSSIER_S3_TIMEOUT", "PT3S", "DOSSIER_EMBEDDED_S3_PORT", "9123"));
        assertEquals(Duration.ofSeconds(30), c.timeouts().dbSocket());
        assertEquals(Duration.ofSeconds(10), c.timeouts().dbStatement());
        assertEquals(Duration.ofSeconds(3), c.timeouts().store());
        assertEquals(9123, c.embeddedStorePort().orElseThrow());
        assertTrue(Configuration.from(Map.of()).embeddedStorePort().isEmpty());
    }
}
