package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multipart forms in every order and ending clients write, over a real socket: a form whose
 * file comes last is streamed to the store, any other is spooled first; either way the version
 * holds exactly the file's bytes, the fields after the file count, and nothing is left behind.
 */
class FormStreamingApiTest {
    private static final TestApi API = new TestApi();
    private static final String BOUNDARY = "----form" + UUID.randomUUID();

    @AfterAll
    static void close() {
        API.close();
    }

    /** A form body written byte by byte, to send what real clients send, odd endings included. */
    private static final class Form {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form field(String name, String value) {
            return text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n");
        }

        Form file(String fileName, byte[] bytes) {
            text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(bytes);
            return text("\r\n");
        }

        Form raw(byte[] bytes) {
            body.writeBytes(bytes);
            return this;
        }

        Form text(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] closed() {
            return text("--" + BOUNDARY + "--\r\n").body.toByteArray();
        }

        byte[] bytes() {
            return body.toByteArray();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static TestApi.Response post(byte[] body) {
        return API.send(API.asA("/v1/documents").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The same body without a declared length: sent chunked. */
    private static TestApi.Response postChunked(byte[] body) {
        return API.send(API.asA("/v1/documents").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    private static long documents() {
        return API.get("/v1/documents?limit=1").json().path("total").asLong();
    }

    /** The document as created: its name, and the bytes and SHA-256 of its content exactly the file's. */
    private static void assertStored(TestApi.Response created, String name, byte[] file) throws Exception {
        assertEquals(201, created.status(), created.text());
        JsonNode document = created.json();
        assertEquals(name, document.path("name").asText());
        assertEquals(file.length, document.path("currentVersion").path("length").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)),
                document.path("currentVersion").path("sha256").asText());
        TestApi.Response content = API.get("/v1/documents/" + document.path("id").asText() + "/content");
        assertEquals(200, content.status());
        assertArrayEquals(file, content.body());
        assertSpoolEmpty();
    }

    private static void assertSpoolEmpty() throws IOException {
        try (Stream<java.nio.file.Path> left = Files.list(API.spoolFolder())) {
            assertEquals(0, left.count(), "the request left spool files behind");
        }
    }

    @Test
    void fields_before_the_file_the_usual_ending() throws Exception {
        byte[] file = random(300_000, 1);
        assertStored(post(new Form().field("name", "fields first").field("description", "d").file("a.bin", file)
                .closed()), "fields first", file);
    }

    @Test
    void fields_after_the_file_count_and_exactly_one_document_is_made() throws Exception {
        byte[] file = random(300_000, 2);
        long before = documents();
        assertStored(post(new Form().file("a.bin", file).field("name", "named after the file").closed()),
                "named after the file", file);
        assertEquals(before + 1, documents());
    }

    @Test
    void a_field_after_the_file_that_the_request_needs_is_found_there() throws Exception {
        // A file part without a file name: the document's name can only come from the field after it.
        byte[] file = random(100_000, 9);
        byte[] body = new Form().text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .raw(file).text("\r\n").field("name", "named late").closed();
        assertStored(post(body), "named late", file);
        // Without that field, the refusal stands.
        byte[] nameless = new Form().text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"\"\r\n\r\n").raw(file).text("\r\n")
                .field("description", "no name").closed();
        String detail = post(nameless).problem(400);
        assertTrue(detail.contains("name"), detail);
        assertSpoolEmpty();
    }

    @Test
    void a_closing_boundary_without_its_line_break_or_with_an_epilogue() throws Exception {
        byte[] file = random(200_000, 3);
        byte[] bare = new Form().field("name", "no final CRLF").file("a.bin", file).text("--" + BOUNDARY + "--")
                .bytes();
        assertStored(post(bare), "no final CRLF", file);
        byte[] epilogue = new Form().field("name", "with epilogue").file("a.bin", file)
                .text("--" + BOUNDARY + "--\r\nthis is the epilogue, which is ignored\r\n").bytes();
        assertStored(post(epilogue), "with epilogue", file);
    }

    @Test
    void a_chunked_form_and_files_that_look_like_boundaries() throws Exception {
        // Bytes that start the delimiter again and again without completing it, and a CRLF at the end.
        byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1)
                + "x\r\n-\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            file.writeBytes(tricky);
        }
        file.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] bytes = file.toByteArray();
        assertStored(post(new Form().field("name", "tricky").file("t.bin", bytes).closed()), "tricky", bytes);
        assertStored(postChunked(new Form().field("name", "chunked").file("t.bin", bytes).closed()), "chunked", bytes);
    }

    @Test
    void other_files_and_a_second_file_part_are_read_past() throws Exception {
        byte[] file = random(100_000, 4);
        byte[] other = random(50_000, 5);
        byte[] body = new Form().text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachment\"; "
                        + "filename=\"other.bin\"\r\n\r\n").raw(other)
                .text("\r\n").field("name", "the file part counts").file("a.bin", file).file("b.bin", other).closed();
        assertStored(post(body), "the file part counts", file);
    }

    @Test
    void broken_forms_are_refused_and_make_nothing() throws Exception {
        byte[] file = random(100_000, 6);
        long before = documents();
        // The body ends inside the file: no closing boundary.
        byte[] cut = new Form().field("name", "cut").file("a.bin", file).bytes();
        String detail = post(java.util.Arrays.copyOf(cut, cut.length - 1000)).problem(400);
        assertTrue(detail.contains("closing boundary"), detail);
        // The same, sent chunked.
        assertEquals(400, postChunked(java.util.Arrays.copyOf(cut, cut.length - 1000)).status());
        // A file over the limit (1 MiB here), with its fields after it and sent chunked: 413.
        byte[] large = random(TestApi.MAX_UPLOAD + 10, 7);
        assertEquals(413, postChunked(new Form().file("big.bin", large).field("name", "big").closed()).status());
        // A part without Content-Disposition.
        byte[] bare = new Form().text("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n").closed();
        detail = post(bare).problem(400);
        assertTrue(detail.contains("Content-Disposition"), detail);
        // A flood of empty fields before the file.
        Form flood = new Form();
        for (int i = 0; i <= Forms.MAX_PARTS; i++) {
            flood.field("f" + i, "");
        }
        assertEquals(413, post(flood.file("a.bin", file).closed()).status());
        // The file part sent as a plain field.
        detail = post(new Form().field("file", "not a file").closed()).problem(400);
        assertTrue(detail.contains("filename"), detail);
        assertEquals(before, documents());
        assertSpoolEmpty();
    }

    @Test
    void a_client_that_stops_in_the_middle_of_the_file_leaves_nothing() throws Exception {
        byte[] file = random(600_000, 8);
        byte[] body = new Form().field("name", "gone").file("a.bin", file).closed();
        long before = documents();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", API.api.port())) {
            String head = "POST /v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + TestApi.KEY_A
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body, 0, body.length / 2);
            socket.getOutputStream().flush();
            Thread.sleep(300);
        }
        // The server notices the end of the connection; give it a moment to answer the next request.
        for (int i = 0; i < 50 && Files.list(API.spoolFolder()).findAny().isPresent(); i++) {
            Thread.sleep(100);
        }
        assertEquals(before, documents());
        assertSpoolEmpty();
    }
}
