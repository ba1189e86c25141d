package io.dossier.adapter.storage;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature is SigV4 over the encoded policy, with the key of the form's own day. */
class PostPolicySignerTest {
    private final PostPolicySigner signer = new PostPolicySigner("AKID", "secret/key+1", "eu-central-1");

    @Test
    void each_day_signs_with_its_own_key_also_after_the_key_of_another_day_was_kept() throws Exception {
        Instant monday = Instant.parse("2026-11-23T23:59:59Z");
        Instant tuesday = Instant.parse("2026-11-24T00:00:01Z");
        Instant expires = Instant.parse("2026-11-24T01:00:00Z");
        Map<String, String> first = signer.sign("b", "k", "image/png", 10, expires, monday);
        Map<String, String> second = signer.sign("b", "k", "image/png", 10, expires, tuesday);
        Map<String, String> firstAgain = signer.sign("b", "k", "image/png", 10, expires, monday);

        assertEquals("AKID/20261123/eu-central-1/s3/aws4_request", first.get("X-Amz-Credential"));
        assertEquals("AKID/20261124/eu-central-1/s3/aws4_request", second.get("X-Amz-Credential"));
        assertEquals(expectedSignature("20261123", first.get("Policy")), first.get("X-Amz-Signature"));
        assertEquals(expectedSignature("20261124", second.get("Policy")), second.get("X-Amz-Signature"));
        assertEquals(first, firstAgain);
        assertNotEquals(first.get("X-Amz-Signature"), second.get("X-Amz-Signature"));
    }

    @Test
    void quotes_backslashes_and_control_characters_in_values_stay_inside_their_json_strings() {
        Map<String, String> fields = signer.sign("b", "a\\b\"c\u0001", "text/plain; charset=\"utf-8\"", 10,
                Instant.parse("2026-11-24T01:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"));
        String policy = new String(Base64.getDecoder().decode(fields.get("Policy")), StandardCharsets.UTF_8);
        assertTrue(policy.contains("[\"eq\",\"$key\",\"a\\\\b\\\"c\\u0001\"]"), policy);
        assertTrue(policy.contains("[\"eq\",\"$Content-Type\",\"text/plain; charset=\\\"utf-8\\\"\"]"), policy);
        assertTrue(policy.startsWith("{\"expiration\":\"2026-11-24T01:00:00.000Z\",\"conditions\":["), policy);
    }

    /** The derivation written out step by step, as the AWS documentation gives it. */
    private static String expectedSignature(String day, String policy) throws Exception {
        byte[] key = hmac(("AWS4" + "secret/key+1").getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, "eu-central-1");
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, policy));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
