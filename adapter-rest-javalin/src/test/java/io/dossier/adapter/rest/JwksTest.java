package io.dossier.adapter.rest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.domain.DocumentException;
import io.dossier.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens of an identity provider, checked against the JWKS it serves (here, over HTTP). */
class JwksTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer provider;
    private URI jwks;
    private RSAKey rsa;
    private ECKey ec;

    @BeforeEach
    void serve() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        publish(rsa, ec);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        jwks = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    private void publish(JWK... keys) {
        served.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private Authenticator authenticator(Optional<byte[]> hs256Secret) {
        return new Authenticator(Map.of(), hs256Secret, Optional.of("https://id.example.test"), Optional.empty(), clock,
                new AuthenticationFailures(0, clock), Optional.of(new JwksVerifier(jwks, 1)), secret -> Optional.empty(),
                (client, reason) -> { });
    }

    private String token(JWSAlgorithm alg, String kid, JWSSigner signer, Map<String, Object> more) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://id.example.test").subject("u-7")
                .claim("tenant", "acme").expirationTime(Date.from(clock.instant().plusSeconds(600)));
        more.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims.build());
        jwt.sign(signer);
        return "Bearer " + jwt.serialize();
    }

    @Test
    void rs256_and_es256_tokens_of_listed_keys_are_accepted_with_scope_or_scp() throws Exception {
        Authenticator auth = authenticator(Optional.empty());
        Authenticator.Authenticated byRsa = auth.authenticate(null,
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), Map.of("scope", "documents:read")), "10.0.0.1");
        assertEquals("acme", byRsa.principal().tenant().value());
        assertEquals(Set.of(Permission.READ), byRsa.principal().permissions());
        Authenticator.Authenticated byEc = auth.authenticate(null, token(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec),
                Map.of("scp", List.of("documents:read", "documents:write"))), "10.0.0.1");
        assertEquals(Set.of(Permission.READ, Permission.WRITE), byEc.principal().permissions());
        assertEquals(1, fetches.get(), "the key set is kept between tokens");
    }

    @Test
    void a_rotated_key_is_fetched_and_a_removed_or_unknown_one_refused() throws Exception {
        Authenticator auth = authenticator(Optional.empty());
        String old = token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), Map.of("scope", "documents:read"));
        auth.authenticate(null, old, "10.0.0.1");
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        publish(rotated);
        Thread.sleep(5); // past the least time between two fetches (1 ms here, 30 s in the service)
        assertEquals("acme", auth.authenticate(null, token(JWSAlgorithm.RS256, "rsa-2", new RSASSASigner(rotated),
                Map.of("scope", "documents:read")), "10.0.0.1").principal().tenant().value());
        assertTrue(fetches.get() >= 2, "a key id not in the kept set fetched the set again");

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-2").generate(); // a listed kid, another key
        HttpProblem forged = assertThrows(HttpProblem.class, () -> auth.authenticate(null,
                token(JWSAlgorithm.RS256, "rsa-2", new RSASSASigner(stranger), Map.of()), "10.0.0.1"));
        assertEquals(401, forged.status());
        Thread.sleep(5);
        HttpProblem unknown = assertThrows(HttpProblem.class, () -> auth.authenticate(null,
                token(JWSAlgorithm.RS256, "nope", new RSASSASigner(stranger), Map.of()), "10.0.0.1"));
        assertEquals(401, unknown.status());
        assertTrue(unknown.getMessage().contains("does not list"), unknown.getMessage());
    }

    @Test
    void other_algorithms_and_a_provider_that_does_not_answer() throws Exception {
        byte[] secret = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        // Only the provider: an HS256 token is refused, even one keyed with the provider's public key material.
        HttpProblem hs = assertThrows(HttpProblem.class, () -> authenticator(Optional.empty()).authenticate(null,
                token(JWSAlgorithm.HS256, "rsa-1", new MACSigner(secret), Map.of()), "10.0.0.1"));
        assertEquals(401, hs.status());
        // Both: HS256 goes to the shared secret, RS256 to the provider.
        Authenticator both = authenticator(Optional.of(secret));
        assertEquals("acme", both.authenticate(null, token(JWSAlgorithm.HS256, null, new MACSigner(secret),
                Map.of()), "10.0.0.1").principal().tenant().value());
        assertEquals("acme", both.authenticate(null, token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa),
                Map.of()), "10.0.0.1").principal().tenant().value());

        provider.stop(0);
        Authenticator offline = authenticator(Optional.empty());
        String token = token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), Map.of());
        assertThrows(DocumentException.Unavailable.class, () -> offline.authenticate(null, token, "10.0.0.1"));
    }
}
