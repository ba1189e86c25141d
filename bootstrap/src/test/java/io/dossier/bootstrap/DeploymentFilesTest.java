package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container, compose and systemd files, checked where no Docker engine runs: they parse, and
 * every setting they pass is one the service reads, with the values the service needs.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Set<String> KNOWN = Configuration.VARIABLES.stream().map(Configuration.Variable::name)
            .collect(Collectors.toSet());

    @Test
    void the_compose_file_wires_dossier_to_postgresql_and_minio_with_known_settings() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        for (String service : List.of("postgres", "minio", "minio-setup", "dossier")) {
            assertTrue(services.has(service), "service " + service);
        }
        JsonNode dossier = services.path("dossier");
        assertEquals("deploy/Dockerfile", dossier.path("build").path("dockerfile").asText());
        JsonNode env = dossier.path("environment");
        env.fieldNames().forEachRemaining(name -> assertTrue(KNOWN.contains(name), name + " is not a setting of the service"));
        assertTrue(env.path("DOSSIER_DB_URL").asText().startsWith("jdbc:postgresql://postgres:5432/"));
        assertEquals("http://minio:9000", env.path("DOSSIER_S3_ENDPOINT").asText());
        // MinIO notifies Dossier of new objects, with the token Dossier expects.
        JsonNode minio = services.path("minio").path("environment");
        assertEquals("http://dossier:8080/v1/storage-events", minio.path("MINIO_NOTIFY_WEBHOOK_ENDPOINT_DOSSIER").asText());
        assertEquals(env.path("DOSSIER_EVENTS_TOKEN").asText(), minio.path("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_DOSSIER").asText());
        assertEquals(env.path("DOSSIER_S3_SECRET_KEY").asText(), minio.path("MINIO_ROOT_PASSWORD").asText());
        assertEquals("service_healthy", dossier.path("depends_on").path("postgres").path("condition").asText());
    }

    @Test
    void the_image_is_built_in_two_stages_runs_as_a_user_and_checks_readiness() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertEquals(2, Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count(), "multi-stage");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
        assertTrue(user.find());
        assertFalse(Set.of("root", "0").contains(user.group(1)));
        assertTrue(dockerfile.contains("COPY --from=build /src/bootstrap/target/production/ /opt/dossier/"));
        Matcher health = Pattern.compile("HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD \\[\"java\", \"-cp\", \"[^\"]+\", \"([\\w.]+)\", \"([^\"]+)\"\\]")
                .matcher(dockerfile);
        assertTrue(health.find(), "a health check with the probe");
        assertEquals(HealthProbe.class.getName(), health.group(1));
        assertTrue(health.group(2).endsWith("/health/ready"));
        Matcher env = Pattern.compile("(DOSSIER_[A-Z0-9_]+)=").matcher(dockerfile);
        while (env.find()) {
            assertTrue(KNOWN.contains(env.group(1)), env.group(1));
        }
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<classifier>production</classifier>"),
                "the image starts dossier-production.jar, which the build makes");
    }

    @Test
    void the_systemd_unit_stops_with_sigterm_and_waits_longer_than_the_drain() throws IOException {
        String unit = Files.readString(DEPLOY.resolve("systemd").resolve("dossier.service"));
        assertTrue(unit.contains("ExecStart=/usr/bin/java -XX:MaxRAMPercentage=50 -jar /opt/dossier/dossier-production.jar"));
        assertTrue(unit.contains("KillSignal=SIGTERM"));
        Matcher stop = Pattern.compile("TimeoutStopSec=(\\d+)").matcher(unit);
        assertTrue(stop.find());
        assertTrue(Long.parseLong(stop.group(1)) > io.dossier.adapter.rest.RestApi.DRAIN_TIMEOUT.toSeconds(),
                "systemd must not kill the service while it drains");
        Matcher user = Pattern.compile("(?m)^User=(\\S+)").matcher(unit);
        assertTrue(user.find());
        assertFalse(user.group(1).equals("root"));
    }

    @Test
    void the_health_probe_says_whether_the_url_answers_200() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertTrue(HealthProbe.probe(base + "/up"));
            assertFalse(HealthProbe.probe(base + "/down"));
            assertFalse(HealthProbe.probe("http://127.0.0.1:1/nothing"));
            assertFalse(HealthProbe.probe("not a url"));
        } finally {
            server.stop(0);
        }
    }
}
