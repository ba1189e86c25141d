package io.dossier.adapter.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs S3 POST policies (Signature Version 4) for browser-style uploads. The MinIO client can do
 * this too, but derives the signing key (four HMACs) and looks up the MAC provider on every form;
 * issuing upload credentials is a hot path, so the day's key is kept here and reused.
 */
final class PostPolicySigner {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final byte[] secretKey;
    private final String region;
    private volatile DayKey dayKey;

    /** The signing key of one day (keys are scoped to a date, region and service). */
    private record DayKey(String day, byte[] key) {
    }

    PostPolicySigner(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        this.region = region;
    }

    /**
     * The form fields that let a client post exactly one object: this bucket and key, this
     * content type, 1 to {@code maxBytes} bytes, until {@code expiresAt}.
     */
    Map<String, String> sign(String bucket, String key, String mediaType, long maxBytes, Instant expiresAt,
                             Instant now) {
        String day = DAY.format(now);
        String credential = accessKey + "/" + day + "/" + region + "/s3/aws4_request";
        String amzDate = AMZ_DATE.format(now);
        StringBuilder policy = new StringBuilder(512)
                .append("{\"expiration\":\"").append(EXPIRATION.format(expiresAt.truncatedTo(ChronoUnit.MILLIS)))
                .append("\",\"conditions\":[");
        equal(policy, "bucket", bucket).append(',');
        equal(policy, "key", key).append(',');
        equal(policy, "Content-Type", mediaType).append(',');
        policy.append("[\"content-length-range\",1,").append(maxBytes).append("],");
        equal(policy, "x-amz-algorithm", ALGORITHM).append(',');
        equal(policy, "x-amz-credential", credential).append(',');
        equal(policy, "x-amz-date", amzDate).append("]}");
        String encoded = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Policy", encoded);
        fields.put("X-Amz-Algorithm", ALGORITHM);
        fields.put("X-Amz-Credential", credential);
        fields.put("X-Amz-Date", amzDate);
        fields.put("X-Amz-Signature", HexFormat.of().formatHex(hmac(keyOf(day), encoded)));
        return fields;
    }

    private byte[] keyOf(String day) {
        DayKey current = dayKey;
        if (current == null || !current.day().equals(day)) {
            byte[] key = hmac(hmac(hmac(hmac(secretKey, day), region), "s3"), "aws4_request");
            current = new DayKey(day, key);
            dayKey = current;
        }
        return current.key();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static StringBuilder equal(StringBuilder policy, String field, String value) {
        policy.append("[\"eq\",\"$").append(field).append("\",\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> policy.append("\\\"");
                case '\\' -> policy.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        policy.append(String.format("\\u%04x", (int) c));
                    } else {
                        policy.append(c);
                    }
                }
            }
        }
        return policy.append("\"]");
    }
}
