package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail over a real socket: what a change and a read leave, and who may see it. */
class AuditApiTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.path("items").forEach(e -> actions.add(e.path("action").asText()));
        return actions;
    }

    @Test
    void a_document_s_changes_and_reads_are_listed_newest_first_with_their_chain() {
        String id = t.create("ledger", "ledger.txt", "one").path("id").asText();
        t.replace(id, "two");
        assertEquals(200, t.get("/v1/documents/" + id + "/content").status());

        Response page = t.get("/v1/audit?document=" + id);
        assertEquals(200, page.status(), page.text());
        assertEquals(List.of("content_read", "version_created", "version_created", "document_created"),
                actions(page.json()));
        JsonNode newest = page.json().path("items").path(0);
        JsonNode before = page.json().path("items").path(1);
        assertEquals(before.path("hash").asText(), newest.path("previousHash").asText());
        assertEquals(before.path("sequence").asLong() + 1, newest.path("sequence").asLong());
        assertEquals(t.get("/v1/documents/" + id).json().path("createdBy").path("reference").asText(),
                newest.path("principal").asText(), "the reader is the key's author");
        assertEquals(2, newest.path("version").asInt());

        assertEquals(List.of("content_read"), actions(t.get("/v1/audit?document=" + id + "&action=content_read").json()));
        assertEquals(1, t.get("/v1/audit?document=" + id + "&limit=1").json().path("items").size());
        assertTrue(t.get("/v1/audit?document=" + id + "&to=2000-01-01T00:00:00Z").json().path("items").isEmpty());
    }

    @Test
    void only_the_audit_scope_reads_it_and_bad_filters_are_400() {
        String writer = "Bearer " + t.jwt("a", "documents:read documents:write").sign(TestApi.SECRET);
        assertTrue(t.send(t.request("/v1/audit").header("Authorization", writer)).problem(403).contains("audit"));
        String auditor = "Bearer " + t.jwt("a", "documents:audit").sign(TestApi.SECRET);
        assertEquals(200, t.send(t.request("/v1/audit").header("Authorization", auditor)).status());
        String ofB = t.send(t.request("/v1/audit").header("X-API-Key", TestApi.KEY_B)).text();
        String id = t.create("private to a", "a.txt", "x").path("id").asText();
        assertTrue(!t.send(t.request("/v1/audit").header("X-API-Key", TestApi.KEY_B)).text().contains(id), ofB);
        t.get("/v1/audit?action=nonsense").problem(400);
        t.get("/v1/audit?document=nope").problem(400);
        t.get("/v1/audit?from=yesterday").problem(400);
        t.get("/v1/audit?to=%2B999999999-12-31T23:59:59Z").problem(400);
        t.get("/v1/audit?cursor=1").problem(400);
        t.send(t.request("/v1/audit")).problem(401);
    }
}
