package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/documents} with words and filters, over HTTP; on the in-memory core and again on
 * PostgreSQL. Each test uses a word of its own, so that documents of the other tests do not count.
 */
class SearchApiTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode search(String key, String query) {
        Response response = t.send(t.request("/v1/documents?" + query).header("X-API-Key", key));
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(hit -> ids.add(hit.path("document").path("id").asText()));
        return ids;
    }

    private static String createB(String name) {
        Multipart form = new Multipart().field("name", name);
        Response created = t.send(t.request("/v1/documents").header("X-API-Key", TestApi.KEY_B)
                .header("Content-Type", form.contentType()).POST(form.publisher()));
        assertEquals(201, created.status(), created.text());
        return created.json().path("id").asText();
    }

    @Test
    void finds_by_words_best_first_with_a_marked_snippet_and_shows_tags_and_filing() {
        String w = word();
        String inName = t.create("Report " + w, "r.txt", "body").path("id").asText();
        String inDescription = t.create("Other", "o.txt", "body").path("id").asText();
        Response patched = t.send(t.asA("/v1/documents/" + inDescription).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"mentions " + w + " once\"}")));
        assertEquals(200, patched.status(), patched.text());
        t.create("Unrelated", "u.txt", "nothing");

        JsonNode page = search(TestApi.KEY_A, "q=" + w);

        assertEquals(List.of(inName, inDescription), ids(page));
        JsonNode first = page.path("items").get(0);
        assertTrue(first.path("score").asDouble() > page.path("items").get(1).path("score").asDouble());
        assertTrue(first.path("snippet").asText().toLowerCase().contains("<mark>" + w + "</mark>"), first.toString());
        assertEquals("unfiled", first.path("document").path("filing").path("kind").asText());
        assertTrue(first.path("document").path("tags").isArray());
        assertFalse(page.hasNonNull("next"), page.toString());
    }

    @Test
    void another_tenant_with_the_same_words_is_never_seen() {
        String w = word();
        String mine = t.create("Shared " + w, "s.txt", "x").path("id").asText();
        String theirs = createB("Shared " + w);

        assertEquals(List.of(mine), ids(search(TestApi.KEY_A, "q=" + w)));
        assertEquals(List.of(theirs), ids(search(TestApi.KEY_B, "q=" + w)));
        assertEquals(List.of(theirs), ids(search(TestApi.KEY_B, "q=" + w + "&visibility=private")));
    }

    @Test
    void filters_combine_with_words_and_work_alone() {
        String w = word();
        String tagged = t.create("Tagged " + w, "t.txt", "x").path("id").asText();
        String plain = t.create("Plain " + w, "p.txt", "x").path("id").asText();
        String tag = "t" + w;
        assertEquals(200, t.send(t.asA("/v1/documents/" + tagged + "/tags/" + tag).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"state\": 3}"))).status());

        assertEquals(List.of(tagged), ids(search(TestApi.KEY_A, "tag=" + tag)));
        assertEquals(List.of(tagged), ids(search(TestApi.KEY_A, "q=" + w + "&tag=" + tag + "&tagState=3")));
        assertEquals(List.of(), ids(search(TestApi.KEY_A, "tag=" + tag + "&tagState=4")));
        assertEquals(Set.of(tagged, plain), Set.copyOf(ids(search(TestApi.KEY_A, "q=" + w + "&mediaType=text/plain"))));
        assertEquals(List.of(), ids(search(TestApi.KEY_A, "q=" + w + "&mediaType=application/pdf")));
        assertEquals(List.of(), ids(search(TestApi.KEY_A, "q=" + w + "&createdTo=2000-01-01")));
        assertEquals(Set.of(tagged, plain), Set.copyOf(ids(search(TestApi.KEY_A, "q=" + w
                + "&createdFrom=2000-01-01&modifiedTo=" + enc("2999-01-01T00:00:00Z")))));
    }

    @Test
    void pages_follow_by_cursor() {
        String w = word();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            all.add(t.create("Paged " + w + " " + i, "p.txt", "x").path("id").asText());
        }
        for (String query : new String[] {"q=" + w, "q=" + w + "&mediaType=text/plain"}) {
            List<String> seen = new ArrayList<>();
            JsonNode page = search(TestApi.KEY_A, query + "&limit=3");
            seen.addAll(ids(page));
            for (int round = 0; page.hasNonNull("next") && round < 10; round++) {
                page = search(TestApi.KEY_A, query + "&limit=3&cursor=" + enc(page.path("next").asText()));
                seen.addAll(ids(page));
            }
            assertEquals(7, seen.size(), seen.toString());
            assertEquals(all, Set.copyOf(seen));
        }
    }

    @Test
    void a_bad_or_unknown_parameter_is_a_400_that_names_it() {
        String[][] cases = {
                {"q=x&colour=red", "colour"}, {"q=x&q=y", "q"}, {"tagState=1", "tagState"},
                {"createdFrom=yesterday", "createdFrom"}, {"visibility=secret", "visibility"},
                {"patient=abc", "patient"}, {"project=3", "client"}, {"q=x&limit=0", "limit"},
                {"q=x&cursor=garbage", "cursor"}, {"q=x&offset=2", "offset"},
                {"createdFrom=2026-02-01&createdTo=2026-01-01", "createdFrom"}};
        for (String[] c : cases) {
            Response response = t.send(t.request("/v1/documents?" + c[0]).header("X-API-Key", TestApi.KEY_A));
            String detail = response.problem(400);
            assertTrue(detail.contains(c[1]), c[0] + " gave: " + detail);
        }
        assertFalse(ids(search(TestApi.KEY_A, "q=" + enc("\"unclosed phrase"))).contains("x"));
    }
}
