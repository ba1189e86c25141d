package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Seed 004 over a real socket: patient registration, PDF upload, the {detail} errors. */
class PatientPdfApiTest extends SeedApiTestBase {

    @BeforeAll
    static void patients() throws Exception {
        assertEquals(201, register("key-a", "{\"id\":101,\"name\":\"Erika Mustermann\"}").statusCode());
        assertEquals(201, register("key-b", "{\"id\":202,\"name\":\"Max Muster\"}").statusCode());
    }

    private static HttpResponse<String> register(String key, String json) throws Exception {
        return send(anonymous("/v1/patients").header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(json(json)));
    }

    private static Multipart pdf(String filename, String type, byte[] bytes) {
        return new Multipart().file("file", "upload-" + UUID.randomUUID() + ".bin", type, bytes).field("filename", filename);
    }

    private static HttpResponse<String> upload(String path, Multipart form) throws Exception {
        return send(request(path).header("Content-Type", form.contentType()).POST(form.publisher()));
    }

    private static byte[] pdfOf(int size) {
        byte[] bytes = Arrays.copyOf(PDF, size);
        Arrays.fill(bytes, PDF.length, size, (byte) ' ');
        return bytes;
    }

    @Test
    void a_patients_documents_are_listed_and_only_for_who_may_see_the_patient() throws Exception {
        assertEquals(201, register("key-a", "{\"id\":303,\"name\":\"Lena Listig\"}").statusCode());
        assertEquals(200, upload("/patients/303/pdf", pdf("findings.pdf", "application/pdf", PDF)).statusCode());
        assertEquals(200, upload("/patients/303/pdf", pdf("letter.pdf", "application/pdf", PDF)).statusCode());

        HttpResponse<String> listed = send(request("/v1/patients/303/documents"));
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode items = body(listed).path("items");
        assertEquals(2, items.size(), listed.body());
        for (JsonNode hit : items) {
            assertEquals("patient", hit.path("document").path("filing").path("kind").asText());
            assertEquals(303, hit.path("document").path("filing").path("patientId").asLong());
        }
        HttpResponse<String> byName = send(request("/v1/patients/303/documents?q=findings"));
        assertEquals(1, body(byName).path("items").size(), byName.body());
        // Tenant b has no patient 303: not found, whatever its documents.
        assertEquals(404, send(anonymous("/v1/patients/303/documents").header("X-API-Key", "key-b")).statusCode());
        assertEquals(400, send(request("/v1/patients/303/documents?patient=1")).statusCode());
    }

    @Test
    void uploads_a_pdf_for_a_patient_and_its_url_downloads_it() throws Exception {
        HttpResponse<String> uploaded = upload("/patients/101/pdf", pdf("medical_record.pdf", "application/pdf", PDF));
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        JsonNode body = body(uploaded);
        UUID.fromString(body.path("id").asText());
        assertEquals("medical_record.pdf", body.path("filename").asText());
        assertEquals(101, body.path("patient_id").asInt());
        assertEquals(true, body.path("patient_id").isIntegralNumber());
        Instant.parse(body.path("created_at").asText());
        HttpResponse<byte[]> download = sendForBytes(HttpRequest.newBuilder(URI.create(body.path("url").asText()))
                .header("X-API-Key", "key-a"));
        assertEquals(200, download.statusCode());
        assertEquals("application/pdf", download.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(PDF, download.body());

        assertEquals(200, upload("/patients/101/pdf/", pdf("Second.PDF", "application/octet-stream", PDF)).statusCode());
    }

    @Test
    void what_is_not_a_pdf_is_400() throws Exception {
        long before = documents("a");
        assertDetailError(upload("/patients/101/pdf", pdf("notes.txt", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("fake.pdf", "application/pdf", "hello".getBytes())), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("fake.pdf", "application/octet-stream", new byte[] {'%', 'P'})), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("image.pdf", "image/png", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("empty.pdf", "application/pdf", new byte[0])), 400);
        assertEquals(before, documents("a"));
    }

    @Test
    void only_an_api_key_is_accepted() throws Exception {
        Multipart form = pdf("a.pdf", "application/pdf", PDF);
        assertDetailError(send(anonymous("/patients/101/pdf").header("Content-Type", form.contentType())
                .header("Authorization", "Bearer " + jwt("a", "documents:read documents:write", null))
                .POST(form.publisher())), 401);
        Multipart again = pdf("a.pdf", "application/pdf", PDF);
        assertDetailError(send(anonymous("/patients/101/pdf").header("Content-Type", again.contentType())
                .POST(again.publisher())), 401);
        Multipart wrong = pdf("a.pdf", "application/pdf", PDF);
        assertDetailError(send(anonymous("/patients/101/pdf").header("X-API-Key", "nope")
                .header("Content-Type", wrong.contentType()).POST(wrong.publisher())), 401);
    }

    @Test
    void unknown_patients_and_other_accounts_patients_are_alike_404() throws Exception {
        long before = documents("a");
        HttpResponse<String> unknown = upload("/patients/999999/pdf", pdf("a.pdf", "application/pdf", PDF));
        HttpResponse<String> foreign = upload("/patients/202/pdf", pdf("a.pdf", "application/pdf", PDF));
        assertDetailError(unknown, 404);
        assertDetailError(foreign, 404);
        assertEquals(body(unknown).path("detail").asText().replace("999999", "202"), body(foreign).path("detail").asText());
        assertEquals(before, documents("a"));
    }

    @Test
    void too_large_is_413_whether_the_length_is_declared_or_only_known_while_streaming() throws Exception {
        long before = documents("a");
        assertDetailError(upload("/patients/101/pdf", pdf("big.pdf", "application/pdf", pdfOf((int) MAX_PDF + 1))), 413);
        Multipart chunked = pdf("big.pdf", "application/pdf", pdfOf((int) MAX_PDF + 1));
        byte[] all = chunked.publisherBytes();
        assertDetailError(send(request("/patients/101/pdf").header("Content-Type", chunked.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(all)))), 413);
        Multipart huge = pdf("huge.pdf", "application/pdf", pdfOf((int) MAX_UPLOAD + 4096));
        byte[] hugeBytes = huge.publisherBytes();
        assertDetailError(send(request("/patients/101/pdf").header("Content-Type", huge.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(hugeBytes)))), 413);
        assertEquals(200, upload("/patients/101/pdf", pdf("fits.pdf", "application/pdf", pdfOf((int) MAX_PDF))).statusCode());
        assertEquals(before + 1, documents("a"));
    }

    @Test
    void bad_requests_are_4xx_with_a_detail_and_store_nothing() throws Exception {
        long before = documents("a");
        assertDetailError(upload("/patients/abc/pdf", pdf("a.pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/0/pdf", pdf("a.pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("../../a.pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("a\u0000.pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", pdf("a".repeat(10_000) + ".pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", new Multipart().file("file", "a.pdf", "application/pdf", PDF)), 400);
        assertDetailError(upload("/patients/101/pdf", new Multipart().field("filename", "a.pdf")), 400);
        Multipart valid = pdf("a.pdf", "application/pdf", PDF);
        assertDetailError(send(request("/patients/101/pdf").header("Content-Type", "multipart/form-data")
                .POST(valid.publisher())), 400);
        Multipart cut = pdf("a.pdf", "application/pdf", PDF);
        assertDetailError(send(request("/patients/101/pdf").header("Content-Type", cut.contentType())
                .POST(cut.unterminated())), 400);
        assertDetailError(send(request("/patients/101/pdf").header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PDF))), 415);
        assertDetailError(sendAlone(request("/patients/101/pdf").header("X-Long", "h".repeat(20_000))
                .POST(HttpRequest.BodyPublishers.noBody())), 431);
        assertEquals(before, documents("a"));
    }

    @Test
    void patient_ids_are_unique_within_an_account_and_tell_nothing_of_other_accounts() throws Exception {
        assertProblem(register("key-a", "{\"id\":101,\"name\":\"Again\"}"), 409);
        // Account b cannot learn or take a's ids: 101 is free for a patient of b's own.
        assertProblem(send(anonymous("/v1/patients/101").header("X-API-Key", "key-b")), 404);
        assertEquals(201, register("key-b", "{\"id\":101,\"name\":\"Elsewhere\"}").statusCode());
        assertEquals("Elsewhere", body(send(anonymous("/v1/patients/101").header("X-API-Key", "key-b"))).path("name").asText());
        // One status for every malformed body of the native API (400), each offending field listed.
        assertProblem(register("key-a", "{\"id\":\"x\",\"name\":\"Bad\"}"), 400);
        HttpResponse<String> nameless = register("key-a", "{\"id\":5}");
        assertProblem(nameless, 400);
        assertEquals("name", body(nameless).path("errors").get(0).path("field").asText(), nameless.body());
        HttpResponse<String> empty = register("key-a", "{}");
        assertProblem(empty, 400);
        assertEquals(2, body(empty).path("errors").size(), empty.body());
        assertProblem(register("key-a", "{\"id\":5,"), 400);
        assertProblem(send(anonymous("/v1/patients").POST(json("{\"id\":6,\"name\":\"n\"}"))), 401);
        assertEquals("Erika Mustermann", body(send(request("/v1/patients/101"))).path("name").asText());
        assertProblem(send(request("/v1/patients/202")), 404);
        // The 403 of seed 004 is for a principal of the account whose scope leaves the patient out.
        assertEquals(201, register("key-a", "{\"id\":103,\"name\":\"Out of scope\"}").statusCode());
        String limited = jwtWithPatients("a", List.of(101L));
        assertEquals(200, send(anonymous("/v1/patients/101").header("Authorization", "Bearer " + limited)).statusCode());
        assertProblem(send(anonymous("/v1/patients/103").header("Authorization", "Bearer " + limited)), 403);
        assertProblem(send(request("/v1/patients/" + List.of(1).size() * 77777)), 404);
    }
}
