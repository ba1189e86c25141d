package io.dossier.adapter.rest;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.domain.Author;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns credentials into a principal: {@code X-API-Key} (compared by SHA-256 hash; keys are never
 * kept in clear: the configured ones here, those issued at run time by the core's key store) or {@code Authorization: Bearer} with an HS256 JWT. Only HS256 is accepted;
 * {@code exp}, {@code sub} and {@code tenant} are required; tokens typed as public tokens are refused.
 */
final class Authenticator {
    private static final long LEEWAY_SECONDS = 60;
    private static final int MAX_TOKEN_LENGTH = 8192;

    /** How the principal proved itself; some seed endpoints accept only API keys. */
    enum Method { API_KEY, JWT }

    record Authenticated(Principal principal, Method method) {
    }

    private final Map<String, TenantId> tenantByKeyHash = new HashMap<>();
    private final Optional<JoseCodec> jwtCodec;
    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Clock clock;

    private final AuthenticationFailures failures;

    Authenticator(Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret, Optional<String> issuer,
                  Optional<String> audience, Clock clock) {
        this(apiKeys, jwtSecret, issuer, audience, clock, new AuthenticationFailures(0, clock));
    }

    private final Optional<JwksVerifier> jwks;

    Authenticator(Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret, Optional<String> issuer,
                  Optional<String> audience, Clock clock, AuthenticationFailures failures) {
        this(apiKeys, jwtSecret, issuer, audience, clock, failures, Optional.empty(), secret -> Optional.empty(),
                (client, reason) -> { });
    }

    /** Keys issued at run time, looked up by the core when a key is none of the configured ones. */
    private final java.util.function.Function<String, Optional<Principal>> storedKeys;
    /** Told of each refusal under the rate limit (the audit trail); those past it are answered 429 unrecorded. */
    private final java.util.function.BiConsumer<String, String> refusals;

    /** @param jwks the identity provider whose RS256/ES256 tokens are accepted besides HS256 ones */
    Authenticator(Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret, Optional<String> issuer,
                  Optional<String> audience, Clock clock, AuthenticationFailures failures,
                  Optional<JwksVerifier> jwks, java.util.function.Function<String, Optional<Principal>> storedKeys,
                  java.util.function.BiConsumer<String, String> refusals) {
        this.refusals = refusals;
        this.failures = failures;
        this.storedKeys = storedKeys;
        this.jwks = jwks;
        apiKeys.forEach((key, tenant) -> tenantByKeyHash.put(sha256(key), tenant));
        this.jwtCodec = jwtSecret.map(secret -> new JoseCodec(secret, "the JWT secret"));
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * The credentials of a request from {@code client} (its address). Presented credentials that
     * fail count against the address (see {@link AuthenticationFailures}); none at all do not.
     */
    Authenticated authenticate(String apiKey, String authorization, String client) {
        if (apiKey == null && authorization == null) {
            return authenticate(null, null);
        }
        failures.check(client);
        try {
            return authenticate(apiKey, authorization);
        } catch (HttpProblem refused) {
            if (refused.status() == 401) {
                failures.failed(client, refused.getMessage());
                try {
                    refusals.accept(client, refused.getMessage());
                } catch (RuntimeException e) {
                    // The answer stays a 401 whatever happens to its record.
                    org.slf4j.LoggerFactory.getLogger(Authenticator.class).warn(
                            "a refused authentication from {} could not be recorded", client, e);
                }
            }
            throw refused;
        }
    }

    Authenticated authenticate(String apiKey, String authorization) {
        if (apiKey != null) {
            return byApiKey(apiKey);
        }
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw HttpProblem.unauthorized("the Authorization header must carry a Bearer token");
            }
            return byJwt(authorization.substring(7).trim());
        }
        throw HttpProblem.unauthorized("credentials are missing: send X-API-Key or Authorization: Bearer");
    }

    private Authenticated byApiKey(String key) {
        String hash = sha256(key);
        TenantId tenant = tenantByKeyHash.get(hash);
        if (tenant == null) {
            return new Authenticated(storedKeys.apply(key).orElseThrow(() ->
                    HttpProblem.unauthorized("the API key is not valid")), Method.API_KEY);
        }
        Author author = new Author("Device/" + hash.substring(0, 12), "API key " + hash.substring(0, 12));
        return new Authenticated(Principal.fullAccess(tenant, author), Method.API_KEY);
    }

    private Authenticated byJwt(String token) {
        if (jwtCodec.isEmpty() && jwks.isEmpty()) {
            throw HttpProblem.unauthorized("bearer tokens are not accepted by this server");
        }
        JoseCodec.Verified verified;
        try {
            SignedJWT jwt = JoseCodec.parse(token, MAX_TOKEN_LENGTH);
            // The header's alg picks the verifier; each verifier accepts its own algorithms only.
            if (jwks.isPresent() && (jwtCodec.isEmpty()
                    || JwksVerifier.ALGORITHMS.contains(jwt.getHeader().getAlgorithm()))) {
                verified = jwks.get().verify(jwt);
            } else {
                verified = jwtCodec.get().verify(jwt);
            }
        } catch (JoseCodec.Refused refused) {
            throw HttpProblem.unauthorized(refused.claimed(PublicTokenCodec.TYPE)
                    ? "a public token is not an API credential" : "the bearer token " + refused.getMessage());
        }
        JWTClaimsSet claims = verified.claims();
        if (verified.typed(PublicTokenCodec.TYPE) || claims.getAudience().contains(PublicTokenCodec.AUDIENCE)) {
            throw HttpProblem.unauthorized("a public token is not an API credential");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            throw HttpProblem.unauthorized("the bearer token has no exp claim");
        }
        if (claims.getExpirationTime().toInstant().plusSeconds(LEEWAY_SECONDS).isBefore(now)) {
            throw HttpProblem.unauthorized("the bearer token has expired");
        }
        if (claims.getNotBeforeTime() != null
                && claims.getNotBeforeTime().toInstant().minusSeconds(LEEWAY_SECONDS).isAfter(now)) {
            throw HttpProblem.unauthorized("the bearer token is not valid yet");
        }
        issuer.ifPresent(expected -> {
            if (!expected.equals(claims.getIssuer())) {
                throw HttpProblem.unauthorized("the bearer token has the wrong issuer");
            }
        });
        audience.ifPresent(expected -> {
            if (!claims.getAudience().contains(expected)) {
                throw HttpProblem.unauthorized("the bearer token has the wrong audience");
            }
        });
        String subject = text(claims, "sub");
        TenantId tenant;
        try {
            tenant = new TenantId(text(claims, "tenant"));
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.unauthorized("the bearer token's tenant claim is not valid");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        // "scope" as a space-separated string (RFC 8693 and most providers), "scp" as a string or an
        // array (Azure AD, Okta).
        List<String> granted = new java.util.ArrayList<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String s) {
                granted.addAll(List.of(s.split(" ")));
            } else if (value instanceof List<?> list) {
                list.forEach(item -> granted.add(String.valueOf(item)));
            }
        }
        for (String scope : granted) {
            if (scope.equals("documents:read")) {
                permissions.add(Permission.READ);
            } else if (scope.equals("documents:write")) {
                permissions.add(Permission.WRITE);
            } else if (scope.equals("documents:records")) {
                permissions.add(Permission.RECORDS);
            } else if (scope.equals("documents:audit")) {
                permissions.add(Permission.AUDIT);
            }
        }
        Optional<Set<Long>> clients = idSet(claims, "clients");
        Optional<Set<Long>> patients = idSet(claims, "patients");
        String name = claims.getClaim("name") instanceof String s && !s.isBlank() ? s : subject;
        Author author;
        try {
            author = new Author("Practitioner/" + subject, name);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.unauthorized("the bearer token's sub or name claim is not valid");
        }
        return new Authenticated(new Principal(tenant, author, permissions, clients, patients), Method.JWT);
    }

    /** An optional claim listing integer ids (the clients or patients a token is limited to). */
    private static Optional<Set<Long>> idSet(JWTClaimsSet claims, String claim) {
        if (!claims.getClaims().containsKey(claim)) {
            return Optional.empty();
        }
        if (!(claims.getClaim(claim) instanceof List<?> array)) {
            throw HttpProblem.unauthorized("the bearer token's " + claim + " claim must be an array");
        }
        Set<Long> ids = new HashSet<>();
        for (Object id : array) {
            if (!(id instanceof Long || id instanceof Integer)) {
                throw HttpProblem.unauthorized("the bearer token's " + claim + " claim must list integer ids");
            }
            ids.add(((Number) id).longValue());
        }
        return Optional.of(ids);
    }

    private static String text(JWTClaimsSet claims, String name) {
        if (!(claims.getClaim(name) instanceof String value) || value.isBlank()) {
            throw HttpProblem.unauthorized("the bearer token has no " + name + " claim");
        }
        return value;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
