package io.dossier.adapter.storage;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.StorageKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presigned POST forms, posted as real multipart requests to the S3 server, which enforces them. */
class PresignedUploadTest {
    private static final long LIMIT = 1000;
    private static MinioContentStore store;

    @BeforeAll
    static void connect() {
        store = new MinioContentStore(TestS3.config().build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static StorageKey freshKey() {
        return new StorageKey("default", "acme/" + UUID.randomUUID() + "/" + UUID.randomUUID());
    }

    private static UploadForm form(StorageKey key, Instant expiresAt) {
        return store.presignUpload(key, "image/png", LIMIT, expiresAt);
    }

    private static UploadForm form(StorageKey key) {
        return form(key, Instant.now().plus(Duration.ofMinutes(5)));
    }

    private static HttpResponse<String> post(UploadForm form, byte[] file) throws IOException, InterruptedException {
        return FormPost.post(form.url(), form.fields(), "cat.png", "image/png", file);
    }

    @Test
    void the_form_pins_bucket_key_and_type_with_the_seed_field_names() {
        StorageKey key = freshKey();
        UploadForm form = form(key);
        assertEquals(TestS3.get().endpoint + "/" + TestS3.DEFAULT_BUCKET, form.url().toString());
        Map<String, String> fields = form.fields();
        assertEquals(key.key(), fields.get("key"));
        assertEquals("image/png", fields.get("Content-Type"));
        assertEquals(TestS3.DEFAULT_BUCKET, fields.get("bucket"));
        assertEquals("AWS4-HMAC-SHA256", fields.get("X-Amz-Algorithm"));
        assertTrue(fields.get("X-Amz-Credential").startsWith(TestS3.get().accessKey + "/"));
        assertTrue(fields.get("X-Amz-Credential").endsWith("/us-east-1/s3/aws4_request"));
        assertTrue(fields.get("X-Amz-Date").matches("\\d{8}T\\d{6}Z"));
        assertTrue(fields.get("X-Amz-Signature").matches("[0-9a-f]{64}"));
        String policy = new String(java.util.Base64.getDecoder().decode(fields.get("Policy")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(policy.contains("[\"eq\",\"$key\",\"" + key.key() + "\"]"), policy);
        assertTrue(policy.contains("[\"eq\",\"$Content-Type\",\"image/png\"]"), policy);
        assertTrue(policy.contains("[\"content-length-range\",1," + LIMIT + "]"), policy);
        assertTrue(policy.contains("[\"eq\",\"$bucket\",\"" + TestS3.DEFAULT_BUCKET + "\"]"), policy);
        assertEquals(8, fields.size(), fields.keySet().toString());
    }

    @Test
    void the_right_file_is_accepted_and_then_stored() throws Exception {
        StorageKey key = freshKey();
        byte[] png = randomBytes(700, 11);
        HttpResponse<String> response = post(form(key), png);
        assertEquals(204, response.statusCode(), response.body());
        assertEquals(png.length, store.stat(key).orElseThrow().length());
        try (InputStream in = store.open(key, Optional.empty())) {
            assertArrayEquals(png, in.readAllBytes());
        }
    }

    @Test
    void a_type_whose_charset_the_store_does_not_know_is_still_taken() throws Exception {
        StorageKey key = freshKey();
        UploadForm form = store.presignUpload(key, "text/plain; charset=bogus; x=y", LIMIT,
                Instant.now().plus(Duration.ofMinutes(5)));
        assertEquals("text/plain", form.fields().get("Content-Type"), "the store gets what it can read");
        HttpResponse<String> response = FormPost.post(form.url(), form.fields(), "a.txt", "text/plain",
                randomBytes(10, 15));
        assertEquals(204, response.statusCode(), response.body());
        assertTrue(store.stat(key).isPresent());
    }

    @Test
    void a_file_of_exactly_the_limit_is_accepted() throws Exception {
        StorageKey key = freshKey();
        assertEquals(204, post(form(key), randomBytes((int) LIMIT, 12)).statusCode());
        assertEquals(LIMIT, store.stat(key).orElseThrow().length());
    }

    @Test
    void field_names_in_lower_case_as_the_minio_client_makes_them_work_too() throws Exception {
        StorageKey key = freshKey();
        Map<String, String> lower = new HashMap<>();
        form(key).fields().forEach((name, value) ->
                lower.put(name.startsWith("X-Amz-") || name.equals("Policy") ? name.toLowerCase(Locale.ROOT) : name, value));
        HttpResponse<String> response = FormPost.post(form(key).url(), lower, "cat.png", "image/png", randomBytes(10, 13));
        assertEquals(204, response.statusCode(), response.body());
        assertTrue(store.stat(key).isPresent());
    }

    @Test
    void another_content_type_is_refused() throws Exception {
        StorageKey key = freshKey();
        Map<String, String> fields = new HashMap<>(form(key).fields());
        fields.put("Content-Type", "text/html");
        HttpResponse<String> response = FormPost.post(form(key).url(), fields, "cat.png", "text/html", randomBytes(10, 14));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void another_key_is_refused() throws Exception {
        StorageKey key = freshKey();
        StorageKey other = freshKey();
        UploadForm form = form(key);
        Map<String, String> fields = new HashMap<>(form.fields());
        fields.put("key", other.key());
        HttpResponse<String> response = FormPost.post(form.url(), fields, "cat.png", "image/png", randomBytes(10, 15));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(store.stat(other).isEmpty());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void another_bucket_is_refused() throws Exception {
        StorageKey key = freshKey();
        UploadForm form = form(key);
        Map<String, String> fields = new HashMap<>(form.fields());
        fields.put("bucket", TestS3.ARCHIVE_BUCKET);
        java.net.URI archive = java.net.URI.create(TestS3.get().endpoint + "/" + TestS3.ARCHIVE_BUCKET);
        HttpResponse<String> response = FormPost.post(archive, fields, "cat.png", "image/png", randomBytes(10, 16));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(store.stat(new StorageKey("archive", key.key())).isEmpty());
    }

    @Test
    void a_file_over_the_limit_is_refused() throws Exception {
        StorageKey key = freshKey();
        HttpResponse<String> response = post(form(key), randomBytes((int) LIMIT + 1, 17));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("EntityTooLarge"), response.body());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void an_empty_file_is_refused() throws Exception {
        StorageKey key = freshKey();
        HttpResponse<String> response = post(form(key), new byte[0]);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("EntityTooSmall"), response.body());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void an_expired_form_is_refused() throws Exception {
        StorageKey key = freshKey();
        HttpResponse<String> response = post(form(key, Instant.now().minusSeconds(60)), randomBytes(10, 18));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void a_forged_signature_is_refused() throws Exception {
        StorageKey key = freshKey();
        UploadForm form = form(key);
        Map<String, String> fields = new HashMap<>(form.fields());
        String signature = fields.get("X-Amz-Signature");
        fields.put("X-Amz-Signature", (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
        HttpResponse<String> response = FormPost.post(form.url(), fields, "cat.png", "image/png", randomBytes(10, 19));
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(store.stat(key).isEmpty());
    }
}
