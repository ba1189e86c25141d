package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The links handed to clients start with the configured public URL, whatever Host header a
 * client sends; without one they follow the Host header (direct access only).
 */
class PublicUrlTest {
    private static final String FORGED_HOST = "attacker.example";
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void links_start_with_the_public_url_whatever_host_the_client_names() throws Exception {
        try (TestApi t = new TestApi(Optional.of(URI.create("https://docs.example.com")))) {
            String id = publicDocument(t);

            Exchange issued = exchange(t, "POST", "/v1/documents/" + id + "/public-tokens", null, new byte[0]);
            assertEquals(201, issued.status(), issued.text());
            String token = issued.json().path("token").asText();
            assertEquals("https://docs.example.com/v1/public/" + token, issued.json().path("url").asText());
            assertEquals("/v1/public/" + token, issued.headers().get("location"), "Location stays relative");

            Exchange entry = exchange(t, "GET", "/document/" + id, null, null);
            assertEquals(200, entry.status(), entry.text());
            assertEquals("https://docs.example.com/document/" + id + "/content", entry.json().path("url").asText());

            assertEquals(201, t.postJson("/v1/patients", "{\"id\":7,\"name\":\"Erika Mustermann\"}").status());
            Multipart form = new Multipart().file("file", "scan.bin", "application/pdf", PDF)
                    .field("filename", "scan.pdf");
            Exchange pdf = exchange(t, "POST", "/patients/7/pdf", form.contentType(), form.publisherBytes());
            assertEquals(200, pdf.status(), pdf.text());
            assertEquals("https://docs.example.com/v1/documents/" + pdf.json().path("id").asText() + "/content",
                    pdf.json().path("url").asText());
        }
    }

    @Test
    void a_public_url_with_a_path_keeps_the_path_and_loses_its_trailing_slash() throws Exception {
        try (TestApi t = new TestApi(Optional.of(URI.create("https://example.com/dossier/")))) {
            String id = publicDocument(t);

            Exchange issued = exchange(t, "POST", "/v1/documents/" + id + "/public-tokens", null, new byte[0]);
            assertEquals(201, issued.status(), issued.text());
            assertEquals("https://example.com/dossier/v1/public/" + issued.json().path("token").asText(),
                    issued.json().path("url").asText());

            Exchange entry = exchange(t, "GET", "/document/" + id, null, null);
            assertEquals("https://example.com/dossier/document/" + id + "/content", entry.json().path("url").asText());
        }
    }

    @Test
    void without_a_public_url_links_follow_the_host_header() throws Exception {
        try (TestApi t = new TestApi()) {
            String id = publicDocument(t);
            Exchange issued = exchange(t, "POST", "/v1/documents/" + id + "/public-tokens", null, new byte[0]);
            assertEquals(201, issued.status(), issued.text());
            assertEquals("http://" + FORGED_HOST + "/v1/public/" + issued.json().path("token").asText(),
                    issued.json().path("url").asText());
        }
    }

    @Test
    void settings_refuse_a_public_url_that_cannot_be_a_link_base() {
        for (String url : new String[] {"ftp://docs.example.com", "/dossier", "https://docs.example.com/?a=b",
                "https://docs.example.com/#top", "https://user:secret@docs.example.com", "mailto:docs@example.com"}) {
            assertThrows(IllegalArgumentException.class, () -> settings(URI.create(url)), url);
        }
        assertEquals(URI.create("https://docs.example.com"),
                settings(URI.create("https://docs.example.com/")).publicUrl().orElseThrow());
    }

    private static RestApi.Settings settings(URI publicUrl) {
        return new RestApi.Settings("127.0.0.1", 0, Map.of("key-a-0123456789", new TenantId("a")), Optional.empty(),
                Optional.empty(), Optional.empty(), 1024, 1024, Duration.ofDays(1), Path.of("target"),
                Optional.empty(), Map.of(), Optional.of(publicUrl));
    }

    /** A document of tenant a with content, made public so that tokens can be issued for it. */
    private static String publicDocument(TestApi t) {
        String id = t.create("Shared", "s.txt", "for everyone").path("id").asText();
        TestApi.Response patched = t.send(t.asA("/v1/documents/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"visibility\":\"public\"}")));
        assertEquals(200, patched.status(), patched.text());
        return id;
    }

    /**
     * One request of tenant a with a Host header of the client's choosing, over a socket of its
     * own (java.net.http does not let a caller set Host). HTTP/1.0, so the answer ends with the
     * connection and is never chunked.
     */
    private static Exchange exchange(TestApi t, String method, String path, String contentType, byte[] body)
            throws Exception {
        URI base = URI.create(t.base);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: " + FORGED_HOST
                    + "\r\nX-API-Key: " + TestApi.KEY_A + "\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            return Exchange.parse(in.readAllBytes());
        }
    }

    /** A raw HTTP answer: status, headers (names in lower case) and body. */
    private record Exchange(int status, Map<String, String> headers, byte[] body) {
        static Exchange parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no complete head in: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Exchange(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    Arrays.copyOfRange(raw, end + 4, raw.length));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }
}
