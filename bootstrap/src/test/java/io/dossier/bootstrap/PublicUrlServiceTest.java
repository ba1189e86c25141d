package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DOSSIER_PUBLIC_URL reaches the HTTP API: the service, reached on its internal address, hands
 * out links on the public URL (with its path), and those links lead to the content once a proxy
 * has taken the prefix off.
 */
class PublicUrlServiceTest {
    private static final String PUBLIC_URL = "https://docs.example.com/dossier";
    private static DirectUploadTest.Service service;

    @BeforeAll
    static void start() {
        service = DirectUploadTest.start("public-url", Map.of("DOSSIER_PUBLIC_URL", PUBLIC_URL + "/"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void public_token_and_download_links_start_with_the_public_url() throws Exception {
        String boundary = "----public-url-test";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\npublic\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfor everyone\r\n--" + boundary + "--\r\n";
        HttpResponse<String> created = send(request("/v1/documents")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).path("id").asText();

        HttpResponse<String> issued = send(request("/v1/documents/" + id + "/public-tokens")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, issued.statusCode(), issued.body());
        String token = json(issued).path("token").asText();
        assertEquals(PUBLIC_URL + "/v1/public/" + token, json(issued).path("url").asText());

        HttpResponse<String> entry = send(request("/document/" + id));
        assertEquals(200, entry.statusCode(), entry.body());
        assertEquals(PUBLIC_URL + "/document/" + id + "/content", json(entry).path("url").asText());

        String behindTheProxy = json(issued).path("url").asText().substring(PUBLIC_URL.length());
        HttpResponse<String> download = DirectUploadTest.HTTP.send(HttpRequest.newBuilder(
                URI.create(service.base() + behindTheProxy)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, download.statusCode());
        assertEquals("for everyone", download.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(service.base() + path)).header("X-API-Key", DirectUploadTest.KEY);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return DirectUploadTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return DirectUploadTest.JSON.readTree(response.body());
    }
}
