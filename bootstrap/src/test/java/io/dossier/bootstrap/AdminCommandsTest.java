package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.bootstrap.ServiceProcesses.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's commands, each run as {@code java -jar dossier.jar ...} would be, while the
 * service runs on its embedded defaults (they work on its servers): keys made, used, listed and
 * revoked without a restart; verify finding an object altered behind Dossier's back; an export
 * restored into a second, empty Dossier, whose own export is the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> ENV = Map.of("DOSSIER_API_KEYS", "acme:bootstrap-key-of-acme-0123456789");
    private static Path root;
    private static Process service;
    private static String base;
    private static String keyId;
    private static String secret;
    private static String document;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "admin-");
        int port = ServiceProcesses.freePort();
        service = ServiceProcesses.startEmbedded(root, port, ENV);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static Outcome dossier(String... args) throws Exception {
        return ServiceProcesses.command(root, ENV, args);
    }

    private static void assertOneLineRefusal(Outcome outcome, int code) {
        assertEquals(code, outcome.exitCode(), outcome.output());
        String said = outcome.output().strip();
        assertTrue(said.startsWith("dossier: ") || said.lines().anyMatch(l -> l.startsWith("dossier: ")), said);
        assertFalse(said.contains("Exception") || said.contains("\tat "), said);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder withKey(String path, String key) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", key);
    }

    @Test
    @Order(1)
    void a_key_made_while_the_service_runs_works_at_once() throws Exception {
        Outcome created = dossier("keys", "create", "--tenant", "acme", "--name", "CI pipeline",
                "--expires", "P30D");
        assertEquals(0, created.exitCode(), created.output());
        Matcher id = Pattern.compile("key ([0-9a-f-]{36}) of tenant acme").matcher(created.output());
        Matcher shown = Pattern.compile("secret: (dsk_\\S+)").matcher(created.output());
        assertTrue(id.find() && shown.find(), created.output());
        keyId = id.group(1);
        secret = shown.group(1);

        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLetter\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.txt\"\r\nContent-Type: "
                + "text/plain\r\n\r\nfirst text of the letter\r\n--" + boundary + "--\r\n";
        HttpResponse<String> made = send(withKey("/v1/documents", secret)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(201, made.statusCode(), made.body());
        document = JSON.readTree(made.body()).path("id").asText();
        HttpResponse<String> second = send(withKey("/v1/documents/" + document + "/content", secret)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("second text, altered later")));
        assertEquals(201, second.statusCode(), second.body());
        HttpResponse<String> tagged = send(withKey("/v1/documents/" + document + "/tags/status:resistant", secret)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"state\":2}")));
        assertTrue(tagged.statusCode() < 300, tagged.statusCode() + " " + tagged.body());
    }

    @Test
    @Order(2)
    void list_shows_the_key_without_its_secret() throws Exception {
        Outcome listed = dossier("keys", "list", "--tenant", "acme");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains(keyId) && listed.output().contains("\"CI pipeline\"")
                && listed.output().contains("documents:read documents:write") && listed.output().contains("valid"),
                listed.output());
        assertFalse(listed.output().contains(secret), listed.output());
    }

    @Test
    @Order(3)
    void verify_names_the_version_whose_object_was_altered() throws Exception {
        Outcome clean = dossier("verify");
        assertEquals(0, clean.exitCode(), clean.output());
        assertTrue(clean.output().contains("verify: 2 versions") && clean.output().contains("all as recorded"),
                clean.output());

        Path object = ServiceProcesses.storedFile(root, "second text, altered later");
        byte[] original = Files.readAllBytes(object);
        Files.writeString(object, "second text, ALTERED later");
        try {
            Outcome found = dossier("verify", "--tenant", "acme");
            assertEquals(1, found.exitCode(), found.output());
            assertTrue(found.output().contains("digest: tenant acme document " + document + " version 2 "),
                    found.output());
            assertFalse(found.output().contains("version 1 "), found.output());
            assertTrue(found.output().contains("1 not as recorded"), found.output());
        } finally {
            Files.write(object, original);
        }
        assertEquals(0, dossier("verify", "--tenant", "acme", "--document", document, "--sample", "100").exitCode());
        assertOneLineRefusal(dossier("verify", "--document", "not-a-uuid", "--tenant", "acme"), 2);
        assertOneLineRefusal(dossier("verify", "--document", document), 2);
    }

    @Test
    @Order(4)
    void an_export_restores_into_an_empty_dossier_as_it_was() throws Exception {
        Path exported = root.resolve("export-1");
        Outcome export = dossier("export", "--tenant", "acme", "--to", exported.toString());
        assertEquals(0, export.exitCode(), export.output());
        assertTrue(export.output().contains("1 documents, 2 versions, 2 objects"), export.output());
        JsonNode manifest = JSON.readTree(exported.resolve("manifest.json").toFile());
        assertEquals("acme", manifest.path("tenant").asText());
        assertOneLineRefusal(dossier("export", "--tenant", "acme", "--to", exported.toString()), 2);

        // A second Dossier, with no service running on it: the command starts its embedded servers.
        Path other = root.resolve("other");
        Files.createDirectories(other);
        Outcome imported = ServiceProcesses.command(other, ENV, "import", "--from", exported.toString());
        assertEquals(0, imported.exitCode(), imported.output());
        assertTrue(imported.output().contains("1 documents restored"), imported.output());
        Outcome again = ServiceProcesses.command(other, ENV, "import", "--from", exported.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("0 documents restored, 1 present already"), again.output());
        assertEquals(0, ServiceProcesses.command(other, ENV, "verify").exitCode());

        Path reexported = root.resolve("export-2");
        Outcome second = ServiceProcesses.command(other, ENV, "export", "--tenant", "acme", "--to",
                reexported.toString());
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(Files.readString(exported.resolve("documents.jsonl")),
                Files.readString(reexported.resolve("documents.jsonl")), "every version, tag and date as it was");
        try (Stream<Path> a = Files.walk(exported.resolve("objects")); Stream<Path> b = Files.walk(
                reexported.resolve("objects"))) {
            assertEquals(a.map(p -> p.getFileName().toString()).sorted().toList(),
                    b.map(p -> p.getFileName().toString()).sorted().toList(), "the same bytes, by SHA-256");
        }
        assertOneLineRefusal(ServiceProcesses.command(other, ENV, "import", "--from", root.toString()), 2);
    }

    @Test
    @Order(5)
    void a_revoked_key_is_refused_at_once_and_mistakes_are_one_line() throws Exception {
        Outcome revoked = dossier("keys", "revoke", "--tenant", "acme", keyId);
        assertEquals(0, revoked.exitCode(), revoked.output());
        assertEquals(401, send(withKey("/v1/documents", secret).GET()).statusCode());
        assertTrue(dossier("keys", "list", "--tenant", "acme").output().contains("revoked"));

        assertOneLineRefusal(dossier("keys", "revoke", "--tenant", "acme", "no-such-key"), 1);
        assertOneLineRefusal(dossier("keys", "create", "--tenant", "acme"), 2);
        assertOneLineRefusal(dossier("keys", "create", "--tenant", "acme", "--name", "x", "--scopes", "admin"), 2);
        assertOneLineRefusal(dossier("keys", "create", "--tenant", "acme", "--name", "x", "--expires", "soon"), 2);
        assertOneLineRefusal(dossier("keys"), 2);
        assertEquals(200, send(withKey("/v1/documents", "bootstrap-key-of-acme-0123456789").GET()).statusCode(),
                "the service still runs, and its configured key works");
        assertTrue(Optional.ofNullable(service).map(Process::isAlive).orElse(false));
    }

    @Test
    @Order(6)
    void purge_deletes_at_once_but_never_under_a_legal_hold() throws Exception {
        String key = "bootstrap-key-of-acme-0123456789";
        HttpResponse<String> made = send(withKey("/v1/documents", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"to be purged\"}")));
        assertEquals(201, made.statusCode(), made.body());
        String id = JSON.readTree(made.body()).path("id").asText();
        HttpResponse<String> held = send(withKey("/v1/documents/" + id + "/legal-hold", key)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"dispute\"}")));
        assertEquals(200, held.statusCode(), held.body());

        Outcome refused = dossier("purge", "--tenant", "acme", "--document", id);
        assertOneLineRefusal(refused, 1);
        assertTrue(refused.output().contains("legal hold"), refused.output());
        assertEquals(200, send(withKey("/v1/documents/" + id, key).GET()).statusCode());

        assertEquals(200, send(withKey("/v1/documents/" + id + "/legal-hold", key).DELETE()).statusCode());
        assertEquals(204, send(withKey("/v1/documents/" + id, key).DELETE()).statusCode());
        Outcome purged = dossier("purge", "--tenant", "acme", "--document", id);
        assertEquals(0, purged.exitCode(), purged.output());
        assertEquals(404, send(withKey("/v1/trash/" + id + "/restore", key)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "gone from the trash too");
        assertOneLineRefusal(dossier("purge", "--tenant", "acme", "--document", id), 1);
        assertOneLineRefusal(dossier("purge", "--tenant", "acme", "--document", "not-an-id"), 2);
    }

    @Test
    @Order(7)
    void audit_verify_finds_the_entry_that_was_edited_in_the_database() throws Exception {
        Outcome intact = dossier("audit", "verify", "--tenant", "acme");
        assertEquals(0, intact.exitCode(), intact.output());
        assertTrue(intact.output().contains("0 broken"), intact.output());

        List<String> pid = Files.readAllLines(root.resolve("data").resolve("postgres").resolve("postmaster.pid"));
        String url = "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres";
        long edited;
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
             java.sql.Statement sql = db.createStatement()) {
            // As someone with the database's credentials would: past the trigger that keeps the table append-only.
            try (java.sql.ResultSet row = sql.executeQuery(
                    "SELECT sequence FROM audit_entries WHERE chain = 'acme' ORDER BY sequence OFFSET 2 LIMIT 1")) {
                assertTrue(row.next(), "the changes made so far are on the record");
                edited = row.getLong(1);
            }
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> sql.executeUpdate("DELETE FROM audit_entries WHERE chain = 'acme'"));
            assertTrue(refused.getMessage().contains("never changed or removed"), refused.getMessage());
            sql.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");
            sql.executeUpdate("UPDATE audit_entries SET actor = 'User/nobody' WHERE chain = 'acme' AND sequence = "
                    + edited);
            sql.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only");
        }
        Outcome broken = dossier("audit", "verify");
        assertEquals(1, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("tenant acme, entry " + edited + ": entry " + edited + " was altered"),
                broken.output());
        assertTrue(broken.output().contains("1 broken"), broken.output());
        assertOneLineRefusal(dossier("audit"), 2);
    }
}
