package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, legal hold and the trash over a real socket. */
class RecordsApiTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static Response put(String path, String json) {
        return t.send(t.asA(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Response delete(String path) {
        return t.send(t.asA(path).DELETE());
    }

    private static String future(long days) {
        return t.clock.instant().plus(Duration.ofDays(days)).toString();
    }

    @Test
    void a_retained_document_refuses_deletion_with_409_and_shows_its_retention_in_every_answer() {
        String id = t.create("contract", "contract.txt", "terms").path("id").asText();
        Response retained = put("/v1/documents/" + id + "/retention", "{\"retainUntil\":\"" + future(3650) + "\"}");
        assertEquals(200, retained.status(), retained.text());
        assertEquals(Instant.parse(future(3650)), Instant.parse(retained.json().path("keeping").path("retainUntil").asText()));

        assertTrue(delete("/v1/documents/" + id).problem(409).contains("retained until"));
        assertTrue(put("/v1/documents/" + id + "/retention", "{\"retainUntil\":\"" + future(10) + "\"}").problem(409)
                .contains("not shortened"));
        put("/v1/documents/" + id + "/retention", "{\"retainUntil\":\"2001-01-01T00:00:00Z\"}").problem(422);
        put("/v1/documents/" + id + "/retention", "{\"retainUntil\":\"next year\"}").problem(400);
        put("/v1/documents/" + id + "/retention", "{}").problem(400);
        // A number is no date: Jackson would read it as seconds since 1970 (1e300 as 1970 itself).
        for (String number : new String[]{"4102444800", "4102444800.5", "1e300", "-1"}) {
            assertTrue(put("/v1/documents/" + id + "/retention", "{\"retainUntil\":" + number + "}").problem(400)
                    .contains("retainUntil"), number);
        }
        put("/v1/documents/" + id + "/retention", "{\"retainUntil\":\"+999999999-12-31T23:59:59Z\"}").problem(422);
        put("/v1/documents/" + id + "/legal-hold", "{\"reason\":\"" + "x".repeat(1001) + "\"}").problem(422);
        put("/v1/documents/" + id + "/legal-hold", "{\"reason\":\"line\\u0000break\"}").problem(422);
        assertEquals(200, t.get("/v1/documents/" + id).status());

        JsonNode dms = t.get("/api/dms/objects/" + id).json().path("objects").path(0).path("properties");
        assertEquals("system:rmDestructionRetention", dms.path("system:secondaryObjectTypeIds").path("value").path(0).asText());
        assertTrue(dms.path("system:rmExpirationDate").path("value").isTextual()
                || dms.path("system:rmExpirationDate").path("value").isNumber(), dms.toString());
        String plain = t.create("plain", "p.txt", "x").path("id").asText();
        assertTrue(t.get("/api/dms/objects/" + plain).json().path("objects").path(0).path("properties")
                .path("system:secondaryObjectTypeIds").isMissingNode(), "no retention, no records type");
    }

    @Test
    void a_legal_hold_refuses_deletion_until_it_is_lifted() {
        String id = t.create("evidence", "e.txt", "exhibit A").path("id").asText();
        Response held = put("/v1/documents/" + id + "/legal-hold", "{\"reason\":\"case 2026-17\"}");
        assertEquals(200, held.status(), held.text());
        assertEquals("case 2026-17", held.json().path("keeping").path("legalHold").path("reason").asText());
        assertTrue(delete("/v1/documents/" + id).problem(409).contains("legal hold"));
        put("/v1/documents/" + id + "/legal-hold", "{\"reason\":\"  \"}").problem(422);

        Response lifted = delete("/v1/documents/" + id + "/legal-hold");
        assertEquals(200, lifted.status(), lifted.text());
        assertTrue(lifted.json().path("keeping").isMissingNode(), lifted.text());
        delete("/v1/documents/" + id + "/legal-hold").problem(404);
        assertEquals(204, delete("/v1/documents/" + id).status());
    }

    @Test
    void retention_and_hold_need_the_records_scope() {
        String id = t.create("minutes", "m.txt", "agenda").path("id").asText();
        String writer = "Bearer " + t.jwt("a", "documents:read documents:write").sign(TestApi.SECRET);
        Response refused = t.send(t.request("/v1/documents/" + id + "/legal-hold").header("Authorization", writer)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")));
        assertTrue(refused.problem(403).contains("records"), refused.text());
        String keeper = "Bearer " + t.jwt("a", "documents:read documents:records").sign(TestApi.SECRET);
        Response allowed = t.send(t.request("/v1/documents/" + id + "/legal-hold").header("Authorization", keeper)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")));
        assertEquals(200, allowed.status(), allowed.text());
        t.send(t.request("/v1/documents/" + id + "/legal-hold").header("X-API-Key", TestApi.KEY_B)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")))
                .problem(404);
    }

    @Test
    void a_deleted_document_lies_in_the_trash_until_it_is_restored() {
        String id = t.create("draft", "d.txt", "first").path("id").asText();
        assertEquals(204, delete("/v1/documents/" + id).status());
        t.get("/v1/documents/" + id).problem(404);
        t.get("/v1/documents/" + id + "/content").problem(404);
        delete("/v1/documents/" + id).problem(404);

        JsonNode trash = t.get("/v1/trash?limit=1000").json();
        JsonNode item = null;
        for (JsonNode d : trash.path("items")) {
            if (d.path("id").asText().equals(id)) {
                item = d;
            }
        }
        assertTrue(item != null, trash.toString());
        assertTrue(item.path("keeping").path("deleted").path("at").isTextual());
        assertEquals(trash.path("items").size(), trash.path("total").asInt());
        assertFalse(t.send(t.request("/v1/trash").header("X-API-Key", TestApi.KEY_B)).text().contains(id));
        t.get("/v1/trash?cursor=x").problem(400);
        t.send(t.request("/v1/trash/" + id + "/restore").header("X-API-Key", TestApi.KEY_B)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(404);

        Response restored = t.send(t.asA("/v1/trash/" + id + "/restore").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, restored.status(), restored.text());
        assertEquals("first", t.get("/v1/documents/" + id + "/content").text());
        t.send(t.asA("/v1/trash/" + id + "/restore").POST(HttpRequest.BodyPublishers.noBody())).problem(404);
        t.send(t.asA("/v1/trash/not-a-uuid/restore").POST(HttpRequest.BodyPublishers.noBody())).problem(400);
    }
}
