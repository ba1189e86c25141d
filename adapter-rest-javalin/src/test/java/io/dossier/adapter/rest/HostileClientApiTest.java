package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What outside testers did to the API, as a client would do it: odd declared types, bodies over
 * the limit (declared or chunked, with pauses), file parts without a file name, JSON where a
 * form was expected. Every endpoint family, on the in-memory core and on the real adapters.
 */
class HostileClientApiTest extends SeedApiTestBase {
    private static final String PROJECT = "/api/v2/clients/1/dms/projects/2/documents";
    private static String document;
    private static long projectDocument;

    @BeforeAll
    static void fixtures() throws Exception {
        document = create("Target");
        Multipart form = new Multipart().file("file", "p.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = send(request(PROJECT).header("Content-Type", form.contentType())
                .POST(form.publisher()));
        assertEquals(201, created.statusCode(), created.body());
        projectDocument = body(created).path("id").asLong();
        HttpResponse<String> patient = send(request("/v1/patients").header("Content-Type", "application/json")
                .POST(json("{\"id\":301,\"name\":\"Hostile Test\"}")));
        assertEquals(201, patient.statusCode(), patient.body());
    }

    private static String create(String name) throws Exception {
        HttpResponse<String> created = send(request("/v1/documents").header("Content-Type", "application/json")
                .POST(json("{\"name\":\"" + name + "\"}")));
        assertEquals(201, created.statusCode(), created.body());
        return body(created).path("id").asText();
    }

    // ---- 1: whatever the declared type, a raw upload is stored as sent --------------------

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain; charset=utf-8",
            "application/vnd.example+json", "message/rfc822"})
    void a_raw_upload_of_any_declared_type_is_stored_as_sent(String type) throws Exception {
        byte[] bytes = "a=1&b=two%20words&c".getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/v1/documents/" + document + "/content",
                "/api/dms/objects/" + document + "/contents/file")) {
            HttpResponse<String> stored = send(request(path).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
            assertTrue(stored.statusCode() == 201 || stored.statusCode() == 200, path + " " + stored.body());
            HttpResponse<byte[]> back = sendForBytes(request("/v1/documents/" + document + "/content"));
            assertEquals(200, back.statusCode());
            assertArrayEquals(bytes, back.body(), path);
            assertEquals(type, back.headers().firstValue("Content-Type").orElseThrow().replace(";charset", "; charset"),
                    "the declared type is the type of record");
        }
    }

    @Test
    void a_raw_body_declared_as_multipart_on_the_dms_endpoint_is_content_too() throws Exception {
        byte[] bytes = "--x\r\nnot really a form\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> stored = send(request("/api/dms/objects/" + document + "/contents/file")
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertEquals(200, stored.statusCode(), stored.body());
        assertArrayEquals(bytes, sendForBytes(request("/v1/documents/" + document + "/content")).body());
    }

    // ---- 5: every endpoint refuses a body over its own limit, early ------------------------

    /** Each body-taking endpoint with the limit of its file. */
    private static Map<String, Long> limitedEndpoints() {
        return Map.of(
                "/v1/documents", MAX_UPLOAD,
                "/v1/documents/" + document + "/content", MAX_UPLOAD,
                PROJECT, MAX_UPLOAD,
                PROJECT + "/" + projectDocument, MAX_UPLOAD,
                "/api/dms/objects", MAX_UPLOAD,
                "/patients/301/pdf", MAX_PDF);
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_before_the_body_and_without_100_continue() throws Exception {
        for (Map.Entry<String, Long> endpoint : limitedEndpoints().entrySet()) {
            for (long declared : List.of(10_000_000_000L, endpoint.getValue() + Uploads.FORM_OVERHEAD + 1)) {
                long started = System.nanoTime();
                String status = statusLine("POST " + endpoint.getKey() + " HTTP/1.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + declared
                        + "\r\nExpect: 100-continue\r\n\r\n", new byte[0], false);
                assertTrue(status.startsWith("HTTP/1.1 413"), endpoint.getKey() + " " + declared + ": " + status);
                assertTrue(System.nanoTime() - started < 5_000_000_000L, endpoint.getKey() + " took too long");
            }
        }
        // The patient API's own, smaller limit, with a length the general limit would let through.
        String status = statusLine("POST /patients/301/pdf HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: " + (MAX_UPLOAD - 1) + "\r\nExpect: 100-continue\r\n\r\n", new byte[0], false);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
    }

    @Test
    void a_chunked_body_past_the_limit_gets_its_413_while_the_client_pauses() throws Exception {
        for (Map.Entry<String, Long> endpoint : limitedEndpoints().entrySet()) {
            byte[] over = new byte[(int) (endpoint.getValue() + Uploads.FORM_OVERHEAD + 64 * 1024)];
            Arrays.fill(over, (byte) 'x');
            byte[] start = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(start);
            body.writeBytes(over);
            assertChunkedRefusedAtOnce(endpoint.getKey(), "multipart/form-data; boundary=b", body.toByteArray());
        }
        byte[] raw = new byte[(int) MAX_UPLOAD + 64 * 1024];
        assertChunkedRefusedAtOnce("/api/dms/objects/" + document + "/contents/file", "application/octet-stream", raw);
        assertChunkedRefusedAtOnce("/v1/documents/" + document + "/content", "application/octet-stream", raw);
    }

    private static void assertChunkedRefusedAtOnce(String path, String type, byte[] body) throws Exception {
        long started = System.nanoTime();
        String status = statusLine("POST " + path + " HTTP/1.1\r\nContent-Type: " + type
                + "\r\nTransfer-Encoding: chunked\r\n\r\n", body, true);
        assertTrue(status.startsWith("HTTP/1.1 413"), path + ": " + status);
        assertTrue(System.nanoTime() - started < 8_000_000_000L, path + " answered only after the client's pause");
    }

    /**
     * Sends the request head (the key of tenant a is added) and the body, chunked when asked and
     * then left open as a client that pauses; reads the first status line within 10 s.
     */
    private static String statusLine(String head, byte[] body, boolean chunked) throws Exception {
        URI uri = URI.create(base);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String[] lines = head.split("\r\n", 2);
            out.write((lines[0] + "\r\nHost: " + uri.getAuthority() + "\r\nX-API-Key: key-a\r\n" + lines[1])
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (chunked) {
                try {
                    for (int offset = 0; offset < body.length; offset += 16 * 1024) {
                        int n = Math.min(16 * 1024, body.length - offset);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, offset, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (java.io.IOException closedMeanwhile) {
                    // The server may close once it has answered; the answer is still there to read.
                }
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void a_413_names_the_limit() throws Exception {
        HttpResponse<String> refused = send(request("/v1/documents/" + document + "/content")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MAX_UPLOAD + 1])));
        assertEquals(413, refused.statusCode());
        assertTrue(refused.body().contains(Long.toString(MAX_UPLOAD)), refused.body());
        Multipart pdf = new Multipart().file("file", "big.pdf", "application/pdf", new byte[(int) MAX_PDF + 1])
                .field("filename", "big.pdf");
        HttpResponse<String> tooBig = send(request("/patients/301/pdf").header("Content-Type", pdf.contentType())
                .POST(pdf.publisher()));
        assertDetailError(tooBig, 413);
        assertTrue(tooBig.body().contains(Long.toString(MAX_PDF)), tooBig.body());
    }

    // ---- 6: a file part is content, or a 400 -----------------------------------------------

    @Test
    void a_file_part_without_a_file_name_is_refused_by_every_endpoint() throws Exception {
        Map<String, Multipart> forms = Map.of(
                "/v1/documents", new Multipart().field("name", "n").field("file", "content"),
                "/v1/documents/" + document + "/content", new Multipart().field("file", "content"),
                PROJECT, new Multipart().field("file", "content"),
                PROJECT + "/" + projectDocument, new Multipart().field("file", "content"),
                "/api/dms/objects", new Multipart().field("data",
                        "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"n\"}},\"contentStreams\":[{\"cid\":\"c1\"}]}]}")
                        .field("c1", "content"),
                "/api/dms/objects?x", new Multipart().field("data",
                        "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"n\"}}}]}").field("content", "content"),
                "/patients/301/pdf", new Multipart().field("file", "%PDF-1.7").field("filename", "a.pdf"));
        long before = documents("a");
        for (Map.Entry<String, Multipart> form : forms.entrySet()) {
            HttpResponse<String> refused = send(request(form.getKey()).header("Content-Type", form.getValue().contentType())
                    .POST(form.getValue().publisher()));
            assertEquals(400, refused.statusCode(), form.getKey() + ": " + refused.body());
            assertTrue(refused.body().contains("filename"), refused.body());
        }
        assertEquals(before, documents("a"), "nothing was created");
    }

    // ---- 18: JSON for a document without content -------------------------------------------

    @Test
    void a_document_without_content_can_be_created_from_json() throws Exception {
        HttpResponse<String> created = send(request("/v1/documents").header("Content-Type", "application/json")
                .POST(json("{\"name\":\"Plan\",\"description\":\"d\",\"properties\":{\"k\":\"v\"},\"visibility\":\"public\"}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode document = body(created);
        assertEquals("Plan", document.path("name").asText());
        assertEquals("v", document.path("properties").path("k").asText());
        assertEquals("public", document.path("visibility").asText());
        assertEquals(0, document.path("versionCount").asInt());
        assertEquals(400, send(request("/v1/documents").header("Content-Type", "application/json")
                .POST(json("{\"name\":\"x\",\"file\":\"y\"}"))).statusCode());
    }

    // ---- 4 and 8: file names in and out ----------------------------------------------------

    @Test
    void a_raw_utf8_file_name_is_taken_as_browsers_send_it() throws Exception {
        String id = create("Umlauts");
        String status = statusLine("POST /v1/documents/" + id + "/content HTTP/1.1\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 2\r\nConnection: close\r\nContent-Disposition: attachment; filename=\""
                + new String("Grüße.txt".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\"\r\n\r\nhi",
                new byte[0], false);
        assertTrue(status.startsWith("HTTP/1.1 201"), status);
        HttpResponse<String> versions = send(request("/v1/documents/" + id + "/versions"));
        assertEquals("Grüße.txt", body(versions).path("items").get(0).path("fileName").asText());
    }

    @Test
    void a_control_character_in_a_file_name_is_named() throws Exception {
        HttpResponse<String> refused = send(request("/v1/documents/" + document + "/content")
                .header("Content-Type", "text/plain").header("Content-Disposition", "attachment; filename*=UTF-8''a%07b.txt")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("U+0007"), refused.body());
        HttpResponse<String> bidi = send(request("/v1/documents/" + document + "/content")
                .header("Content-Type", "text/plain")
                .header("Content-Disposition", "attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(400, bidi.statusCode(), bidi.body());
        assertTrue(bidi.body().contains("U+202E"), bidi.body());
    }

    @Test
    void a_download_names_its_file_in_strict_rfc_8187() throws Exception {
        String id = create("Odd name");
        String name = "a*b'c (1) [x] %20 ü.txt";
        HttpResponse<String> stored = send(request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .header("Content-Disposition", "attachment; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(201, stored.statusCode(), stored.body());
        String disposition = sendForBytes(request("/v1/documents/" + id + "/content")).headers()
                .firstValue("Content-Disposition").orElseThrow();
        String extended = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
        assertTrue(extended.matches("([A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})+"), disposition);
        assertEquals(name, java.net.URLDecoder.decode(extended.replace("+", "%2B"), StandardCharsets.UTF_8));
        String plain = disposition.substring(disposition.indexOf("filename=\"") + 10, disposition.indexOf("\";"));
        assertTrue(plain.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '%'), disposition);
    }

    // ---- 11: document numbers are counted per tenant ---------------------------------------

    @Test
    void a_tenant_does_not_see_how_many_documents_another_made() throws Exception {
        for (int i = 0; i < 3; i++) {
            create("Counted " + i);
        }
        Multipart form = new Multipart().file("file", "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> first = send(anonymous(PROJECT).header("X-API-Key", "key-b")
                .header("Content-Type", form.contentType()).POST(form.publisher()));
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(1, body(first).path("id").asLong(), "tenant b's first document is its number 1");
        Multipart second = new Multipart().file("file", "c.txt", "text/plain", "c".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, body(send(anonymous(PROJECT).header("X-API-Key", "key-b")
                .header("Content-Type", second.contentType()).POST(second.publisher()))).path("id").asLong());
        // The same number names each tenant's own document.
        String bs = body(send(anonymous(PROJECT + "/2").header("X-API-Key", "key-b"))).path("uuid").asText();
        String as = body(send(request(PROJECT + "/2"))).path("uuid").asText();
        assertTrue(!bs.equals(as) && !bs.isEmpty() && !as.isEmpty(), as + " " + bs);
    }

    // ---- 15: a download opens its content before it commits to a status -------------------

    @Test
    void a_download_of_content_deleted_meanwhile_is_a_404_in_every_family() throws Exception {
        String id = create("Vanishing");
        HttpResponse<String> stored = send(request("/api/dms/objects/" + id + "/contents/file")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("soon gone")));
        assertEquals(200, stored.statusCode(), stored.body());
        JsonNode properties = body(stored).path("objects").get(0).path("properties");
        core.delete(properties.path("system:contentStreamRepositoryId").path("value").asText(),
                "a/" + id + "/" + properties.path("system:contentStreamId").path("value").asText());
        for (String path : List.of("/v1/documents/" + id + "/content", "/v1/documents/" + id + "/versions/1/content",
                "/api/dms/objects/" + id + "/contents/file", "/document/" + id + "/content")) {
            HttpResponse<String> gone = send(request(path));
            assertEquals(404, gone.statusCode(), path + ": " + gone.body());
            assertTrue(gone.headers().firstValue("Content-Disposition").isEmpty(), "no content headers on an error");
            assertTrue(!gone.body().contains("a/" + id), "the storage key stays inside: " + gone.body());
        }
    }

    // ---- 7: one policy for empty content: refused on every path --------------------------

    @Test
    void empty_content_is_refused_on_every_path_and_makes_no_version() throws Exception {
        String id = create("Never empty");
        HttpResponse<String> raw = send(request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(422, raw.statusCode(), raw.body());
        assertTrue(raw.body().contains("empty"), raw.body());
        HttpResponse<String> chunked = send(request("/api/dms/objects/" + id + "/contents/file")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[0]))));
        assertEquals(400, chunked.statusCode(), chunked.body());
        Multipart form = new Multipart().field("name", "n").file("file", "empty.txt", "text/plain", new byte[0]);
        HttpResponse<String> multipart = send(request("/v1/documents").header("Content-Type", form.contentType())
                .POST(form.publisher()));
        assertEquals(422, multipart.statusCode(), multipart.body());
        Multipart project = new Multipart().file("file", "empty.txt", "text/plain", new byte[0]);
        assertEquals(400, send(request(PROJECT).header("Content-Type", project.contentType())
                .POST(project.publisher())).statusCode());
        assertEquals(0, body(send(request("/v1/documents/" + id))).path("versionCount").asInt());
    }

    // ---- 18: small things users notice -----------------------------------------------------

    @Test
    void answers_without_a_body_name_no_content_type() throws Exception {
        String id = create("No body");
        HttpResponse<String> deleted = send(request("/v1/documents/" + id).DELETE());
        assertEquals(204, deleted.statusCode());
        assertTrue(deleted.headers().firstValue("Content-Type").isEmpty(), deleted.headers().map().toString());
        String withContent = create("Cached");
        HttpResponse<String> stored = send(request("/v1/documents/" + withContent + "/content")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("cache me")));
        String etag = stored.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> notModified = send(request("/v1/documents/" + withContent + "/content")
                .header("If-None-Match", etag));
        assertEquals(304, notModified.statusCode());
        assertTrue(notModified.headers().firstValue("Content-Type").isEmpty(), notModified.headers().map().toString());
    }

    @Test
    void a_tag_carries_a_trace_id_by_one_rule_in_both_apis() throws Exception {
        String id = create("Traced");
        HttpResponse<String> native1 = send(request("/v1/documents/" + id + "/tags/review")
                .header("Content-Type", "application/json").PUT(json("{\"state\":1}")));
        assertEquals(200, native1.statusCode(), native1.body());
        assertTrue(body(native1).path("traceId").asText().matches("[0-9a-f]{16}"), native1.body());
        HttpResponse<String> dms = send(request("/api/dms/objects/" + id + "/tags/other/state/1").POST(
                HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, dms.statusCode(), dms.body());
        String dmsTrace = body(dms).path("objects").get(0).path("properties").path("system:tags").path("value")
                .get(0).get(3).asText();
        assertTrue(dmsTrace.matches("[0-9a-f]{16}"), dms.body());
        HttpResponse<String> sent = send(request("/v1/documents/" + id + "/tags/third").header("X-B3-TraceId", "abc123")
                .header("Content-Type", "application/json").PUT(json("{\"state\":1}")));
        assertEquals("abc123", body(sent).path("traceId").asText());
    }

    @Test
    void a_presigned_upload_takes_the_name_it_is_given() throws Exception {
        HttpResponse<String> issued = send(request("/document").header("Content-Type", "application/json")
                .POST(json("{\"fileName\":\"scan-0001.pdf\",\"contentType\":\"application/pdf\",\"name\":\"Lab report\"}")));
        assertEquals(200, issued.statusCode(), issued.body());
        String id = body(issued).path("id").asText();
        assertEquals("Lab report", body(send(request("/v1/documents/" + id))).path("name").asText());
        HttpResponse<String> renamed = send(request("/document/" + id).header("Content-Type", "application/json")
                .POST(json("{\"fileName\":\"b.pdf\",\"contentType\":\"application/pdf\",\"name\":\"Other\"}")));
        assertStatusCodeError(renamed, 422);
    }

    @Test
    void a_refused_direct_upload_leaves_its_reason_on_the_document() throws Exception {
        HttpResponse<String> issued = send(request("/document").header("Content-Type", "application/json")
                .POST(json("{\"fileName\":\"fake.pdf\",\"contentType\":\"application/pdf\"}")));
        JsonNode entry = body(issued);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        entry.path("uploadOptions").path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        int posted = core.postForm(entry.path("uploadOptions").path("url").asText(), fields, "application/pdf",
                "not a pdf at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(posted >= 200 && posted < 300, "the store took it: " + posted);
        String id = entry.path("id").asText();
        HttpResponse<String> complete = send(request("/v1/uploads/" + entry.path("uploadId").asText() + "/complete")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(422, complete.statusCode(), complete.body());
        JsonNode document = body(send(request("/v1/documents/" + id)));
        assertEquals("failed", document.path("lastUpload").path("state").asText(), document.toString());
        assertTrue(document.path("lastUpload").path("failure").asText().contains("application/pdf"), document.toString());
        JsonNode fileEntry = body(send(request("/document/" + id)));
        assertEquals("failed", fileEntry.path("upload").path("state").asText(), fileEntry.toString());
        assertTrue(fileEntry.path("upload").path("failure").asText().length() > 0, fileEntry.toString());
    }

    @Test
    void a_malformed_json_body_is_one_400_naming_each_offending_field() throws Exception {
        String id = create("Patched");
        HttpResponse<String> wrongType = send(request("/v1/documents/" + id).header("Content-Type", "application/json")
                .method("PATCH", json("{\"name\": 5}")));
        assertEquals(400, wrongType.statusCode(), wrongType.body());
        assertEquals("name", body(wrongType).path("errors").get(0).path("field").asText(), wrongType.body());
        HttpResponse<String> unknown = send(request("/v1/documents/" + id + "/tags/t").header("Content-Type",
                "application/json").PUT(json("{\"state\": 1, \"colour\": \"red\"}")));
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("colour", body(unknown).path("errors").get(0).path("field").asText(), unknown.body());
        HttpResponse<String> missing = send(request("/v1/documents/" + id + "/tags/t").header("Content-Type",
                "application/json").PUT(json("{\"traceId\": \"x\"}")));
        assertEquals(400, missing.statusCode(), missing.body());
        assertEquals("state", body(missing).path("errors").get(0).path("field").asText(), missing.body());
        // The seed 000/001 family answers the same fault in its own dialect and status.
        HttpResponse<String> seed = send(request("/document").header("Content-Type", "application/json")
                .POST(json("{\"contentType\": \"text/plain\"}")));
        assertStatusCodeError(seed, 422);
        assertTrue(body(seed).path("message").asText().contains("fileName"), seed.body());
    }
}
