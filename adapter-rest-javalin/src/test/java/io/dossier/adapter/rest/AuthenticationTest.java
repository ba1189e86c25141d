package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may do what: API keys, bearer JWTs, public tokens kept apart, permissions and tenants. */
class AuthenticationTest {
    static TestApi t;
    static String documentOfA;
    static String publicToken;

    @BeforeAll
    static void start() {
        t = new TestApi();
        documentOfA = t.create("A's", "a.txt", "tenant a only").path("id").asText();
        Response patched = t.send(t.asA("/v1/documents/" + documentOfA).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"visibility\":\"public\"}")));
        assertEquals(200, patched.status(), patched.text());
        publicToken = t.postJson("/v1/documents/" + documentOfA + "/public-tokens", "").json().path("token").asText();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    Response getWithBearer(String token) {
        return t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", "Bearer " + token));
    }

    String unauthorized(Response response) {
        String detail = response.problem(401);
        assertNotNull(response.header("WWW-Authenticate"));
        return detail;
    }

    @Test
    void no_credential_is_401() {
        assertTrue(unauthorized(t.send(t.request("/v1/documents/" + documentOfA))).contains("missing"));
        unauthorized(t.send(t.request("/v1/documents")));
        Multipart form = new Multipart().field("name", "x");
        unauthorized(t.send(t.request("/v1/documents").header("Content-Type", form.contentType())
                .POST(form.publisher())));
    }

    @Test
    void a_key_issued_at_run_time_works_with_its_scopes_until_it_is_revoked() {
        var reader = t.dossier.apiKeys().create(new io.dossier.application.port.in.ApiKeysUseCase.Create(
                new io.dossier.domain.TenantId("a"), "reporting",
                java.util.Set.of(io.dossier.domain.ApiKey.Scope.READ), java.util.Optional.empty()));
        Response read = t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", reader.secret()));
        assertEquals(200, read.status(), read.text());
        Response write = t.send(t.request("/v1/documents/" + documentOfA + "/content")
                .header("X-API-Key", reader.secret()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("not allowed")));
        assertTrue(write.problem(403).contains("write"), write.text());

        t.dossier.apiKeys().revoke(new io.dossier.domain.TenantId("a"), reader.key().id());
        unauthorized(t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", reader.secret())));

        var ofB = t.dossier.apiKeys().create(new io.dossier.application.port.in.ApiKeysUseCase.Create(
                new io.dossier.domain.TenantId("b"), "b's", java.util.Set.of(io.dossier.domain.ApiKey.Scope.READ),
                java.util.Optional.empty()));
        t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", ofB.secret())).problem(404);
    }

    @Test
    void a_bad_api_key_is_401() {
        unauthorized(t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", "key-nobody")));
        unauthorized(t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", "")));
    }

    @Test
    void a_valid_jwt_reads_and_writes_as_practitioner() {
        String token = t.jwt("a", "documents:read documents:write").sign(TestApi.SECRET);
        Response read = getWithBearer(token);
        assertEquals(200, read.status(), read.text());
        Response replaced = t.send(t.request("/v1/documents/" + documentOfA + "/content")
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("by a practitioner")));
        assertEquals(201, replaced.status(), replaced.text());
        JsonNode author = replaced.json().path("author");
        assertEquals("Practitioner/u-42", author.path("reference").asText());
        assertEquals("Dr. Who", author.path("display").asText());
    }

    @Test
    void an_api_key_author_is_a_device_that_does_not_reveal_the_key() {
        JsonNode author = t.create("keyed", "k.txt", "x").path("currentVersion").path("author");
        String reference = author.path("reference").asText();
        assertTrue(reference.startsWith("Device/"), reference);
        assertFalse(reference.contains(TestApi.KEY_A), reference);
        assertFalse(author.path("display").asText().contains(TestApi.KEY_A));
    }

    @Test
    void broken_jwts_are_401() {
        byte[] other = "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        long now = t.clock.instant().getEpochSecond();
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("alg", "none").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("alg", "NONE").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").sign(other)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("exp", now - 61 - 60).sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").without("tenant").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("tenant", "not a tenant!").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").without("exp").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("exp", "tomorrow").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").without("sub").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("nbf", now + 600).sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("alg", "HS512").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("alg", "HS384").sign(TestApi.SECRET)));
        // An RS256 header over an HMAC made with the secret: the classic algorithm confusion.
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("alg", "RS256").sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("iss", "https://evil.example")
                .sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("aud", "someone-else").sign(TestApi.SECRET)));
        unauthorized(getWithBearer("not.a.jwt"));
        unauthorized(getWithBearer("abc"));
        unauthorized(getWithBearer("x".repeat(7_000)));
        // A header beyond the server's header limit never reaches the authenticator.
        assertEquals(431, getWithBearer("x".repeat(10_000)).status());
        unauthorized(t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", "Basic YTpi")));
    }

    @Test
    void expiry_has_a_leeway_of_60_seconds() {
        long now = t.clock.instant().getEpochSecond();
        Response withinLeeway = getWithBearer(t.jwt("a", "documents:read").claim("exp", now - 30).sign(TestApi.SECRET));
        assertEquals(200, withinLeeway.status(), withinLeeway.text());
        assertTrue(unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("exp", now - 61)
                .sign(TestApi.SECRET))).contains("expired"));
    }

    @Test
    void a_public_token_is_no_api_credential() {
        assertTrue(unauthorized(getWithBearer(publicToken)).contains("public token"));
        unauthorized(t.send(t.request("/v1/documents/" + documentOfA).header("X-API-Key", publicToken)));
        // Even signed with the API secret, the public token's typ and aud keep it out.
        unauthorized(getWithBearer(t.jwt("a", "documents:read").header("typ", "dossier-public+jwt")
                .sign(TestApi.SECRET)));
        unauthorized(getWithBearer(t.jwt("a", "documents:read").claim("aud", "dossier-public").sign(TestApi.SECRET)));
        assertEquals(200, t.send(t.request("/v1/public/" + publicToken)).status(), "the token itself works");
    }

    @Test
    void a_tampered_or_foreign_public_token_is_not_found() {
        String second = t.create("A's second", "b.txt", "another").path("id").asText();
        Response patched = t.send(t.asA("/v1/documents/" + second).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"visibility\":\"public\"}")));
        assertEquals(200, patched.status(), patched.text());
        String[] parts = publicToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherDocument = payload.replace(documentOfA, second);
        assertFalse(payload.equals(otherDocument), payload);
        String swapped = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherDocument.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        char first = parts[2].charAt(0);
        String badSignature = parts[0] + "." + parts[1] + "." + (first == 'A' ? 'B' : 'A') + parts[2].substring(1);
        // Every claim right, signed with a key that is not the server's.
        String otherKey = Jwt.create().header("typ", "dossier-public+jwt").claim("jti", "x").claim("tnt", "a")
                .claim("doc", documentOfA).claim("aud", "dossier-public")
                .claim("iat", t.clock.instant().getEpochSecond())
                .claim("exp", t.clock.instant().getEpochSecond() + 600)
                .sign("another-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
        String unsigned = parts[0].replace(parts[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"dossier-public+jwt\"}".getBytes(StandardCharsets.UTF_8)))
                + "." + parts[1] + ".";
        for (String bad : new String[] {swapped, badSignature, otherKey, unsigned, "a.b.c", parts[0] + "." + parts[1],
                publicToken + "x", "x".repeat(5000)}) {
            t.send(t.request("/v1/public/" + bad)).problem(404);
        }
        assertEquals(200, t.send(t.request("/v1/public/" + publicToken)).status(), "the token itself works");
    }

    @Test
    void an_api_credential_is_no_public_token() {
        t.send(t.request("/v1/public/" + TestApi.KEY_A)).problem(404);
        t.send(t.request("/v1/public/" + t.jwt("a", "documents:read documents:write").sign(TestApi.SECRET))).problem(404);
        // A JWT shaped like a public token but signed with the API secret names the document: still refused.
        String forged = Jwt.create().header("typ", "dossier-public+jwt").claim("jti", "x").claim("tnt", "a")
                .claim("doc", documentOfA).claim("aud", "dossier-public")
                .claim("iat", t.clock.instant().getEpochSecond())
                .claim("exp", t.clock.instant().getEpochSecond() + 600).sign(TestApi.SECRET);
        t.send(t.request("/v1/public/" + forged)).problem(404);
        t.send(t.request("/v1/public/" + publicToken).header("X-API-Key", TestApi.KEY_A)).problem(400);
        t.send(t.request("/v1/public/" + publicToken).header("Authorization", "Bearer "
                + t.jwt("a", "documents:read").sign(TestApi.SECRET))).problem(400);
    }

    @Test
    void read_scope_alone_cannot_write() {
        String reader = "Bearer " + t.jwt("a", "documents:read").sign(TestApi.SECRET);
        assertEquals(200, t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", reader)).status());
        assertEquals(200, t.send(t.request("/v1/documents/" + documentOfA + "/content")
                .header("Authorization", reader)).status());
        assertEquals(200, t.send(t.request("/v1/documents").header("Authorization", reader)).status());
        Multipart form = new Multipart().field("name", "x");
        t.send(t.request("/v1/documents").header("Authorization", reader).header("Content-Type", form.contentType())
                .POST(form.publisher())).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/content").header("Authorization", reader)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("no"))).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", reader)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"no\"}"))).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/tags/x").header("Authorization", reader)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":1}"))).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/tags/x").header("Authorization", reader).DELETE())
                .problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/versions/1/restore").header("Authorization", reader)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/public-tokens").header("Authorization", reader)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA + "/public-tokens/x").header("Authorization", reader)
                .DELETE()).problem(403);
        t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", reader).DELETE()).problem(403);
        assertEquals(200, t.get("/v1/documents/" + documentOfA).status(), "the document is still there");
    }

    @Test
    void no_scope_cannot_even_read() {
        String nobody = "Bearer " + t.jwt("a", "profile").sign(TestApi.SECRET);
        t.send(t.request("/v1/documents/" + documentOfA).header("Authorization", nobody)).problem(403);
        t.send(t.request("/v1/documents").header("Authorization", nobody)).problem(403);
    }

    @Test
    void another_tenant_sees_nothing() {
        String b = "/v1/documents/" + documentOfA;
        for (String path : new String[]{b, b + "/content", b + "/versions", b + "/versions/1", b + "/versions/1/content",
                b + "/tags"}) {
            t.send(t.request(path).header("X-API-Key", TestApi.KEY_B)).problem(404);
        }
        String writerOfB = "Bearer " + t.jwt("b", "documents:read documents:write").sign(TestApi.SECRET);
        t.send(t.request(b).header("Authorization", writerOfB)).problem(404);
        t.send(t.request(b).header("Authorization", writerOfB).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"mine\"}"))).problem(404);
        t.send(t.request(b + "/content").header("Authorization", writerOfB).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("mine"))).problem(404);
        t.send(t.request(b + "/tags/x").header("Authorization", writerOfB).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":1}"))).problem(404);
        t.send(t.request(b + "/public-tokens").header("Authorization", writerOfB)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(404);
        t.send(t.request(b + "/versions/1/restore").header("Authorization", writerOfB)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(404);
        t.send(t.request(b).header("Authorization", writerOfB).DELETE()).problem(404);
        JsonNode listOfB = t.send(t.request("/v1/documents").header("X-API-Key", TestApi.KEY_B)).json();
        listOfB.path("items").forEach(d -> assertFalse(d.path("id").asText().equals(documentOfA)));
        assertEquals(200, t.get(b).status(), "tenant a still has it");
        assertFalse(t.get(b).json().path("name").asText().equals("mine"));
    }

    @Test
    void open_endpoints_need_no_credential() {
        assertEquals(200, t.send(t.request("/health")).status());
        assertEquals(200, t.send(t.request("/openapi.json")).status());
        t.send(t.request("/v1/public/" + Base64.getUrlEncoder().encodeToString(UUID.randomUUID().toString()
                .getBytes(StandardCharsets.UTF_8)))).problem(404);
    }
}
