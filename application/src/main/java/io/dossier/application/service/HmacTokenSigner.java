package io.dossier.application.service;

import io.dossier.application.port.out.TokenSigner;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public tokens as compact JWTs signed with HMAC-SHA256. They carry a {@code typ} and an
 * {@code aud} that API tokens never carry, so neither kind is accepted in place of the other.
 * Only tokens of exactly this header are verified; anything else is refused before parsing.
 */
public final class HmacTokenSigner implements TokenSigner {
    public static final String TYPE = "dossier-public+jwt";
    public static final String AUDIENCE = "dossier-public";
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"" + TYPE + "\"}";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Pattern FIELD = Pattern.compile("\"([a-z]+)\":(?:\"([^\"\\\\]*)\"|(-?\\d+))");
    private static final String ENCODED_HEADER = B64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;

    public HmacTokenSigner(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the public-token secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    @Override
    public String sign(PublicTokenClaims claims) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jti", claims.tokenId());
        body.put("tnt", claims.tenant().value());
        body.put("doc", claims.documentId().toString());
        body.put("aud", AUDIENCE);
        body.put("iat", claims.issuedAt().getEpochSecond());
        body.put("exp", claims.expiresAt().getEpochSecond());
        StringBuilder json = new StringBuilder("{");
        body.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":");
            json.append(value instanceof String ? "\"" + value + "\"" : value.toString());
        });
        String signingInput = ENCODED_HEADER + "." + B64.encodeToString(json.append('}').toString()
                .getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + B64.encodeToString(mac(signingInput));
    }

    @Override
    public Optional<PublicTokenClaims> verify(String token, Instant now) {
        if (token == null || token.length() > 2048) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(ENCODED_HEADER)) {
            return Optional.empty();
        }
        try {
            byte[] signature = B64D.decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
            while (m.find()) {
                fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
            }
            if (!AUDIENCE.equals(fields.get("aud"))) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(fields.get("exp")));
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new PublicTokenClaims(fields.get("jti"), new TenantId(fields.get("tnt")),
                    DocumentId.parse(fields.get("doc")), Instant.ofEpochSecond(Long.parseLong(fields.get("iat"))),
                    expires));
        } catch (IllegalArgumentException | NullPointerException | DocumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
