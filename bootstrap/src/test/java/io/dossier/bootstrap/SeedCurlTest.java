package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The patient-PDF seed's own client call, run with curl exactly as its page shows it (including
 * its explicit {@code Content-Type: multipart/form-data} header), against the service on
 * PostgreSQL and S3Proxy.
 */
class SeedCurlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DirectUploadTest.Service service;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        service = DirectUploadTest.start("curl", Map.of());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void the_seeds_curl_call_uploads_a_patient_pdf_that_can_be_downloaded() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed here");
        HttpResponse<String> registered = DirectUploadTest.HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.base() + "/v1/patients")).header("X-API-Key", DirectUploadTest.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": 9123, \"name\": \"Erika Mustermann\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, registered.statusCode(), registered.body());
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(work.resolve("example-file"), pdf);

        Process curl = new ProcessBuilder(List.of("/usr/bin/curl", "--silent", "--show-error",
                "--request", "POST",
                "--url", service.base() + "/patients/9123/pdf/",
                "--header", "Content-Type: multipart/form-data",
                "--header", "X-API-Key: " + DirectUploadTest.KEY,
                "--form", "file=@" + file,
                "--form", "filename=medical_record.pdf",
                "--write-out", "\n%{http_code}"))
                .redirectErrorStream(true).start();
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        String[] output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
        assertEquals("200", output[output.length - 1], String.join("\n", output));
        JsonNode answer = JSON.readTree(output[0]);
        assertEquals("medical_record.pdf", answer.path("filename").asText());
        assertEquals(9123, answer.path("patient_id").asInt());
        assertTrue(answer.path("id").asText().length() > 0);
        assertTrue(answer.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), answer.toString());

        HttpResponse<byte[]> download = DirectUploadTest.HTTP.send(HttpRequest.newBuilder(URI.create(
                        absolute(answer.path("url").asText()))).header("X-API-Key", DirectUploadTest.KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(pdf, download.body());
    }

    private static String absolute(String url) {
        return url.startsWith("http") ? url : service.base() + url;
    }
}
