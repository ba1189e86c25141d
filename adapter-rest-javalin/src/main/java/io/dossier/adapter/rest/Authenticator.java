package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.domain.Author;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns credentials into a principal: {@code X-API-Key} (compared by SHA-256 hash; keys are never
 * kept in clear) or {@code Authorization: Bearer} with an HS256 JWT. Only HS256 is accepted;
 * {@code exp}, {@code sub} and {@code tenant} are required; tokens typed as public tokens are refused.
 */
final class Authenticator {
    static final String PUBLIC_TOKEN_TYPE = "dossier-public+jwt";
    private static final long LEEWAY_SECONDS = 60;
    private static final int MAX_TOKEN_LENGTH = 8192;

    /** How the principal proved itself; some seed endpoints accept only API keys. */
    enum Method { API_KEY, JWT }

    record Authenticated(Principal principal, Method method) {
    }

    private final Map<String, TenantId> tenantByKeyHash = new HashMap<>();
    private final Optional<SecretKeySpec> jwtKey;
    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Clock clock;
    private final ObjectMapper json;

    Authenticator(Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret, Optional<String> issuer,
                  Optional<String> audience, Clock clock, ObjectMapper json) {
        apiKeys.forEach((key, tenant) -> tenantByKeyHash.put(sha256(key), tenant));
        jwtSecret.ifPresent(secret -> {
            if (secret.length < 32) {
                throw new IllegalArgumentException("the JWT secret needs at least 32 bytes");
            }
        });
        this.jwtKey = jwtSecret.map(secret -> new SecretKeySpec(secret, "HmacSHA256"));
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.json = json;
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
            throw HttpProblem.unauthorized("the API key is not valid");
        }
        Author author = new Author("Device/" + hash.substring(0, 12), "API key " + hash.substring(0, 12));
        return new Authenticated(Principal.fullAccess(tenant, author), Method.API_KEY);
    }

    private Authenticated byJwt(String token) {
        if (jwtKey.isEmpty()) {
            throw HttpProblem.unauthorized("bearer tokens are not accepted by this server");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw HttpProblem.unauthorized("the bearer token is too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw HttpProblem.unauthorized("the bearer token is not a JWT");
        }
        JsonNode header = decode(parts[0]);
        if (!"HS256".equals(header.path("alg").asText())) {
            throw HttpProblem.unauthorized("the bearer token must be signed with HS256");
        }
        if (PUBLIC_TOKEN_TYPE.equals(header.path("typ").asText())) {
            throw HttpProblem.unauthorized("a public token is not an API credential");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.unauthorized("the bearer token's signature is malformed");
        }
        if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
            throw HttpProblem.unauthorized("the bearer token's signature is not valid");
        }
        JsonNode claims = decode(parts[1]);
        long now = clock.instant().getEpochSecond();
        if (!claims.path("exp").isNumber()) {
            throw HttpProblem.unauthorized("the bearer token has no exp claim");
        }
        if (claims.path("exp").asLong() + LEEWAY_SECONDS < now) {
            throw HttpProblem.unauthorized("the bearer token has expired");
        }
        if (claims.path("nbf").isNumber() && claims.path("nbf").asLong() - LEEWAY_SECONDS > now) {
            throw HttpProblem.unauthorized("the bearer token is not valid yet");
        }
        issuer.ifPresent(expected -> {
            if (!expected.equals(claims.path("iss").asText(null))) {
                throw HttpProblem.unauthorized("the bearer token has the wrong issuer");
            }
        });
        audience.ifPresent(expected -> {
            JsonNode aud = claims.path("aud");
            boolean matches = aud.isArray() ? contains(aud, expected) : expected.equals(aud.asText(null));
            if (!matches) {
                throw HttpProblem.unauthorized("the bearer token has the wrong audience");
            }
        });
        if ("dossier-public".equals(claims.path("aud").asText(null))) {
            throw HttpProblem.unauthorized("a public token is not an API credential");
        }
        String subject = text(claims, "sub");
        TenantId tenant;
        try {
            tenant = new TenantId(text(claims, "tenant"));
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.unauthorized("the bearer token's tenant claim is not valid");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String scope : claims.path("scope").asText("").split(" ")) {
            if (scope.equals("documents:read")) {
                permissions.add(Permission.READ);
            } else if (scope.equals("documents:write")) {
                permissions.add(Permission.WRITE);
            }
        }
        Optional<Set<Long>> clients = idSet(claims, "clients");
        Optional<Set<Long>> patients = idSet(claims, "patients");
        String name = claims.path("name").asText(subject);
        Author author;
        try {
            author = new Author("Practitioner/" + subject, name);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.unauthorized("the bearer token's sub or name claim is not valid");
        }
        return new Authenticated(new Principal(tenant, author, permissions, clients, patients), Method.JWT);
    }

    /** An optional claim listing integer ids (the clients or patients a token is limited to). */
    private static Optional<Set<Long>> idSet(JsonNode claims, String claim) {
        if (!claims.has(claim)) {
            return Optional.empty();
        }
        JsonNode array = claims.get(claim);
        if (!array.isArray()) {
            throw HttpProblem.unauthorized("the bearer token's " + claim + " claim must be an array");
        }
        Set<Long> ids = new HashSet<>();
        for (JsonNode id : array) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw HttpProblem.unauthorized("the bearer token's " + claim + " claim must list integer ids");
            }
            ids.add(id.asLong());
        }
        return Optional.of(ids);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw HttpProblem.unauthorized("the bearer token has no " + name + " claim");
        }
        return node.asText();
    }

    private JsonNode decode(String part) {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw HttpProblem.unauthorized("the bearer token is not a JWT");
            }
            return node;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw HttpProblem.unauthorized("the bearer token is not a JWT");
        }
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(jwtKey.orElseThrow());
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
