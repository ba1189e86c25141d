package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tiny JWT maker for tests: any header and claims, signed with HMAC (or not at all). */
final class Jwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private Jwt() {
        header.put("alg", "HS256");
        header.put("typ", "JWT");
    }

    static Jwt create() {
        return new Jwt();
    }

    Jwt header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    Jwt claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    Jwt without(String claim) {
        claims.remove(claim);
        return this;
    }

    /** Signed with HmacSHA256/384/512 as the header's alg says; "none" gives an empty signature. */
    String sign(byte[] secret) {
        String alg = String.valueOf(header.get("alg"));
        String algorithm = switch (alg) {
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            case "none" -> null;
            default -> "HmacSHA256";
        };
        String input = encode(header) + "." + encode(claims);
        if (algorithm == null) {
            return input + ".";
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> part) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(part));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
