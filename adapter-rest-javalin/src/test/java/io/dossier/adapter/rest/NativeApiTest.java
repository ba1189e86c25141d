package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native API over a real socket: every flow and its error cases, status and body shape. */
class NativeApiTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Nested
    class Documents {
        @Test
        void creates_a_document_without_content() {
            Multipart form = new Multipart().field("name", "Empty").field("description", "nothing yet");
            Response created = t.send(t.asA("/v1/documents").header("Content-Type", form.contentType())
                    .POST(form.publisher()));
            assertEquals(201, created.status(), created.text());
            JsonNode doc = created.json();
            String id = doc.path("id").asText();
            assertEquals("/v1/documents/" + id, created.header("Location"));
            assertTrue(doc.path("number").asLong() > 0);
            assertEquals("Empty", doc.path("name").asText());
            assertEquals("nothing yet", doc.path("description").asText());
            assertEquals("private", doc.path("visibility").asText());
            assertEquals(0, doc.path("versionCount").asInt());
            assertTrue(doc.path("currentVersion").isMissingNode());
            assertTrue(doc.path("createdBy").path("reference").asText().startsWith("Device/"));

            assertEquals(id, t.get("/v1/documents/" + id).json().path("id").asText());
            assertTrue(t.get("/v1/documents/" + id + "/content").problem(404).contains("no content"));
            assertEquals(0, t.get("/v1/documents/" + id + "/versions").json().path("items").size());
        }

        @Test
        void creates_a_document_with_content_properties_and_visibility() throws Exception {
            Multipart form = new Multipart().field("description", "d")
                    .field("properties", "{\"kind\":\"letter\",\"lang\":\"de\"}").field("visibility", "public")
                    .file("file", "Brief.txt", "text/plain", "Hallo".getBytes(StandardCharsets.UTF_8));
            Response created = t.send(t.asA("/v1/documents").header("Content-Type", form.contentType())
                    .POST(form.publisher()));
            assertEquals(201, created.status(), created.text());
            JsonNode doc = created.json();
            assertEquals("Brief.txt", doc.path("name").asText(), "the file name is the default name");
            assertEquals("letter", doc.path("properties").path("kind").asText());
            assertEquals("de", doc.path("properties").path("lang").asText());
            assertEquals("public", doc.path("visibility").asText());
            JsonNode version = doc.path("currentVersion");
            assertEquals(1, version.path("number").asInt());
            assertEquals("Brief.txt", version.path("fileName").asText());
            assertEquals("text/plain", version.path("mediaType").asText());
            assertEquals(5, version.path("length").asLong());
            assertEquals(sha256("Hallo"), version.path("sha256").asText());
            assertEquals("Brief.txt", version.path("metadata").path("name").asText());

            Response content = t.get("/v1/documents/" + doc.path("id").asText() + "/content");
            assertEquals(200, content.status());
            assertEquals("Hallo", content.text());
            assertEquals("\"" + sha256("Hallo") + "\"", content.header("ETag"));
            // The single document shows the state of its current version's text (this core makes none: pending).
            JsonNode text = t.get("/v1/documents/" + doc.path("id").asText()).json().path("currentVersion").path("text");
            assertEquals("pending", text.path("state").asText(), text.toString());
        }

        @Test
        void a_malformed_media_type_parameter_is_422_on_every_way_in_and_an_odd_charset_is_kept() {
            String id = t.create("Typed", "t.txt", "x").path("id").asText();
            for (String type : new String[]{"text/plain; charset=", "text/plain; a=b c", "text/plain; charset=\"utf-8"}) {
                Multipart form = new Multipart().field("name", "n").file("file", "a.txt", type, new byte[] {'a'});
                assertTrue(t.send(t.asA("/v1/documents").header("Content-Type", form.contentType())
                        .POST(form.publisher())).problem(422).contains("media type"), type);
                t.send(t.asA("/v1/documents/" + id + "/content").header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString("a"))).problem(422);
                t.postJson("/v1/documents/" + id + "/uploads",
                        "{\"fileName\":\"a.txt\",\"contentType\":\"" + type.replace("\"", "\\\"") + "\"}").problem(422);
            }
            assertEquals(1, t.get("/v1/documents/" + id + "/versions").json().path("items").size(), "nothing was made");

            // A charset nobody knows is well formed: kept, and served as declared.
            Response replaced = t.send(t.asA("/v1/documents/" + id + "/content")
                    .header("Content-Type", "text/plain; charset=bogus").POST(HttpRequest.BodyPublishers.ofString("b")));
            assertEquals(201, replaced.status(), replaced.text());
            Response content = t.get("/v1/documents/" + id + "/content");
            assertEquals(200, content.status(), content.text());
            assertEquals("text/plain; charset=bogus", content.header("Content-Type"));
            assertEquals("b", content.text());
        }

        @Test
        void refuses_bad_create_requests() {
            Multipart noName = new Multipart().field("description", "x");
            assertTrue(t.send(t.asA("/v1/documents").header("Content-Type", noName.contentType())
                    .POST(noName.publisher())).problem(400).contains("name"));
            for (String properties : new String[]{"{not json", "[\"a\"]", "{\"n\":1}", "{\"n\":{\"x\":\"y\"}}"}) {
                Multipart form = new Multipart().field("name", "x").field("properties", properties);
                t.send(t.asA("/v1/documents").header("Content-Type", form.contentType())
                        .POST(form.publisher())).problem(400);
            }
            Multipart badVisibility = new Multipart().field("name", "x").field("visibility", "secret");
            t.send(t.asA("/v1/documents").header("Content-Type", badVisibility.contentType())
                    .POST(badVisibility.publisher())).problem(400);
            Multipart tooLong = new Multipart().field("name", "x".repeat(300));
            t.send(t.asA("/v1/documents").header("Content-Type", tooLong.contentType())
                    .POST(tooLong.publisher())).problem(422);
            // JSON makes a document without content (issue: curl users); other types are refused.
            t.send(t.asA("/v1/documents").header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=x"))).problem(415);
            Multipart truncated = new Multipart().field("name", "x").file("file", "a.txt", "text/plain", new byte[10]);
            t.send(t.asA("/v1/documents").header("Content-Type", truncated.contentType())
                    .POST(truncated.unterminated())).problem(400);
        }

        @Test
        void lists_documents_by_tenant_in_pages() {
            String tenant = "list-" + UUID.randomUUID().toString().substring(0, 8);
            String token = t.jwt(tenant, "documents:read documents:write").sign(TestApi.SECRET);
            for (int i = 0; i < 3; i++) {
                Multipart form = new Multipart().field("name", "doc " + i);
                assertEquals(201, t.send(t.request("/v1/documents").header("Authorization", "Bearer " + token)
                        .header("Content-Type", form.contentType()).POST(form.publisher())).status());
            }
            Response page = t.send(t.request("/v1/documents?offset=1&limit=1").header("Authorization", "Bearer " + token));
            assertEquals(200, page.status(), page.text());
            JsonNode body = page.json();
            assertEquals(1, body.path("offset").asInt());
            assertEquals(1, body.path("limit").asInt());
            assertEquals(3, body.path("total").asLong());
            assertEquals(1, body.path("items").size());
            assertEquals("doc 1", body.path("items").get(0).path("name").asText());

            JsonNode all = t.send(t.request("/v1/documents").header("Authorization", "Bearer " + token)).json();
            assertEquals(0, all.path("offset").asInt());
            assertEquals(NativeApi.DEFAULT_PAGE_SIZE, all.path("limit").asInt());
            assertEquals(3, all.path("items").size());

            for (String query : new String[]{"limit=0", "limit=1001", "limit=abc", "offset=-1", "offset=1.5"}) {
                t.get("/v1/documents?" + query).problem(400);
            }
        }

        @Test
        void refuses_a_listing_parameter_it_does_not_know_and_names_it() {
            // Ignoring an unknown filter would answer every document as if it matched.
            for (String name : new String[]{"colour", "sort", "Limit", "Q"}) {
                String detail = t.get("/v1/documents?" + name + "=x&limit=5").problem(400);
                assertTrue(detail.contains(name), detail);
                // The answer names what is taken: the page's parameters and the search's filters.
                assertTrue(detail.contains("offset") && detail.contains("createdFrom") && detail.contains("q"), detail);
            }
        }

        @Test
        void deletes_a_document() {
            String id = t.create("Doomed", "d.txt", "bye").path("id").asText();
            Response deleted = t.send(t.asA("/v1/documents/" + id).DELETE());
            assertEquals(204, deleted.status(), deleted.text());
            assertEquals(0, deleted.body().length);
            t.get("/v1/documents/" + id).problem(404);
            t.get("/v1/documents/" + id + "/content").problem(404);
            t.send(t.asA("/v1/documents/" + id).DELETE()).problem(404);
        }

        @Test
        void unknown_and_malformed_ids() {
            String unknown = UUID.randomUUID().toString();
            t.get("/v1/documents/" + unknown).problem(404);
            t.get("/v1/documents/" + unknown + "/versions").problem(404);
            t.get("/v1/documents/" + unknown + "/tags").problem(404);
            t.send(t.asA("/v1/documents/" + unknown).DELETE()).problem(404);
            assertTrue(t.get("/v1/documents/not-a-uuid").problem(400).contains("UUID"));
            t.get("/v1/nothing-here").problem(404);
        }
    }

    @Nested
    class Metadata {
        @Test
        void patches_name_description_and_properties() {
            JsonNode doc = t.create("Old", "a.txt", "content");
            String id = doc.path("id").asText();
            Response patched = t.send(t.asA("/v1/documents/" + id).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"New\",\"description\":\"desc\",\"properties\":{\"k\":\"v\"}}")));
            assertEquals(200, patched.status(), patched.text());
            JsonNode body = patched.json();
            assertEquals("New", body.path("name").asText());
            assertEquals("desc", body.path("description").asText());
            assertEquals("v", body.path("properties").path("k").asText());
            assertEquals(2, body.path("currentVersion").path("number").asInt(), "a metadata change makes a version");
            assertEquals("New", body.path("currentVersion").path("metadata").path("name").asText());
            assertEquals("Old", t.get("/v1/documents/" + id + "/versions/1").json()
                    .path("metadata").path("name").asText());
        }

        @Test
        void a_property_patched_to_null_is_removed_and_a_new_document_refuses_a_null_property() {
            Response created = t.postJson("/v1/documents", "{\"name\":\"P\",\"properties\":{\"a\":\"1\",\"b\":\"2\"}}");
            assertEquals(201, created.status(), created.text());
            String id = created.json().path("id").asText();

            Response patched = t.send(patch(id, "{\"properties\":{\"a\":null,\"c\":\"3\",\"never\":null}}"));
            assertEquals(200, patched.status(), patched.text());
            JsonNode properties = patched.json().path("properties");
            assertTrue(properties.path("a").isMissingNode(), properties.toString());
            assertEquals("2", properties.path("b").asText());
            assertEquals("3", properties.path("c").asText());
            assertEquals(2, properties.size(), properties.toString());

            assertTrue(t.postJson("/v1/documents", "{\"name\":\"Q\",\"properties\":{\"a\":null}}").problem(422)
                    .contains("no value"));
        }

        @Test
        void patch_honours_if_match() throws Exception {
            String id = t.create("Guarded", "a.txt", "v1").path("id").asText();
            String stale = "\"" + sha256("something else") + "\"";
            t.send(patch(id, "{\"name\":\"X\"}").header("If-Match", stale)).problem(412);
            Response ok = t.send(patch(id, "{\"name\":\"Y\"}").header("If-Match", "\"" + sha256("v1") + "\""));
            assertEquals(200, ok.status(), ok.text());
            assertEquals("Y", ok.json().path("name").asText());
        }

        @Test
        void the_document_etag_catches_a_concurrent_metadata_change_that_the_content_digest_cannot() throws Exception {
            String id = t.create("Shared", "a.txt", "same bytes").path("id").asText();
            Response seen = t.get("/v1/documents/" + id);
            String tag = seen.header("ETag");
            assertNotNull(tag, "a document comes with an entity tag");

            // Two editors saw the same state; the first one's change wins ...
            Response first = t.send(patch(id, "{\"description\":\"by Ann\"}").header("If-Match", tag));
            assertEquals(200, first.status(), first.text());
            String after = first.header("ETag");
            assertNotNull(after);
            assertFalse(after.equals(tag), "the change moved the tag on: " + after);
            assertEquals(after, t.get("/v1/documents/" + id).header("ETag"));
            // ... the second one's is refused: the content is the same, so its digest still matches.
            t.send(patch(id, "{\"description\":\"by Bob\"}").header("If-Match", tag)).problem(412);
            assertEquals("by Ann", t.get("/v1/documents/" + id).json().path("description").asText());
            Response contentTag = t.send(patch(id, "{\"name\":\"Shared too\"}")
                    .header("If-Match", "\"" + sha256("same bytes") + "\""));
            assertEquals(200, contentTag.status(), "the content's ETag is still accepted: " + contentTag.text());

            // Tags and visibility are part of the document's state too.
            String beforeTag = contentTag.header("ETag");
            assertEquals(200, t.send(t.asA("/v1/documents/" + id + "/tags/review").header("Content-Type",
                    "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"state\": 1}"))).status());
            t.send(patch(id, "{\"visibility\":\"public\"}").header("If-Match", beforeTag)).problem(412);
            String current = t.get("/v1/documents/" + id).header("ETag");
            Response ok = t.send(patch(id, "{\"visibility\":\"public\"}")
                    .header("If-Match", "\"r999\", " + current));
            assertEquals(200, ok.status(), "one of several tags current is enough: " + ok.text());
            // The document's tag also guards content replacement.
            t.replace(id, "lost", "If-Match", current).problem(412);
            assertEquals(201, t.replace(id, "kept", "If-Match", ok.header("ETag")).status());
        }

        @Test
        void refuses_bad_patch_bodies() {
            String id = t.create("Strict", null, null).path("id").asText();
            t.send(patch(id, "{\"name\":")).problem(400);
            t.send(patch(id, "[]")).problem(400);
            t.send(patch(id, "")).problem(400);
            t.send(patch(id, "{\"nmae\":\"typo\"}")).problem(400);
            t.send(patch(id, "{\"name\":5}")).problem(400);
            t.send(patch(id, "{\"properties\":{\"a\":1}}")).problem(400);
            t.send(patch(id, "{\"visibility\":\"hidden\"}")).problem(400);
            t.send(patch(id, "{\"name\":\"\"}")).problem(422);
            t.send(t.asA("/v1/documents/" + id).header("Content-Type", "text/plain")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))).problem(415);
            byte[] huge = ("{\"description\":\"" + "x".repeat(Requests.MAX_JSON_BYTES) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            t.send(t.asA("/v1/documents/" + id).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(huge))).problem(413);
            assertEquals("Strict", t.get("/v1/documents/" + id).json().path("name").asText());
        }

        HttpRequest.Builder patch(String id, String json) {
            return t.asA("/v1/documents/" + id).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        }
    }

    @Nested
    class Content {
        @Test
        void replaces_content_with_a_raw_body_and_a_multipart_file() throws Exception {
            String id = t.create("Report", "r1.txt", "first").path("id").asText();
            Response second = t.replace(id, "second", "Content-Disposition",
                    "attachment; filename=\"fallback.txt\"; filename*=UTF-8''Bericht%20%C3%BCber.txt");
            assertEquals(201, second.status(), second.text());
            assertEquals("/v1/documents/" + id + "/versions/2", second.header("Location"));
            assertEquals("\"" + sha256("second") + "\"", second.header("ETag"));
            assertEquals(2, second.json().path("number").asInt());
            assertEquals("Bericht über.txt", second.json().path("fileName").asText());
            assertEquals(1, second.json().path("basedOn").asInt());

            Multipart form = new Multipart().file("file", "third.txt", "text/plain",
                    "third".getBytes(StandardCharsets.UTF_8));
            Response third = t.send(t.asA("/v1/documents/" + id + "/content")
                    .header("Content-Type", form.contentType()).POST(form.publisher()));
            assertEquals(201, third.status(), third.text());
            assertEquals(3, third.json().path("number").asInt());
            assertEquals("third.txt", third.json().path("fileName").asText());
            assertEquals("third", t.get("/v1/documents/" + id + "/content").text());

            Multipart noFile = new Multipart().field("name", "x");
            t.send(t.asA("/v1/documents/" + id + "/content").header("Content-Type", noFile.contentType())
                    .POST(noFile.publisher())).problem(400);
            t.replace(id, "x", "Content-Disposition", "attachment; filename=\"../etc/passwd\"").problem(400);
        }

        @Test
        void if_match_guards_a_replacement() throws Exception {
            String id = t.create("Guarded", "g.txt", "one").path("id").asText();
            String current = sha256("one");
            assertTrue(t.replace(id, "lost", "If-Match", "\"" + sha256("zero") + "\"").problem(412).length() > 0);
            t.replace(id, "lost", "If-Match", "\"not-a-digest\"").problem(412);
            assertEquals(1, versions(id).size(), "a stale replacement makes no version");

            assertEquals(201, t.replace(id, "two", "If-Match", "\"" + current + "\"").status());
            assertEquals(201, t.replace(id, "three", "If-Match", "W/\"" + sha256("two") + "\"").status());
            assertEquals(201, t.replace(id, "four", "If-Match", sha256("three").toUpperCase()).status());
            assertEquals(201, t.replace(id, "five", "If-Match",
                    "\"" + sha256("zero") + "\", \"" + sha256("four") + "\"").status());
            assertEquals(201, t.replace(id, "six", "If-Match", "*").status());
            t.replace(id, "seven", "If-Match", "\"" + current + "\"").problem(412);
            assertEquals(6, versions(id).size());

            String empty = t.create("Empty", null, null).path("id").asText();
            t.replace(empty, "x", "If-Match", "*").problem(412);
        }

        @Test
        void a_chunked_body_over_the_limit_is_413_and_makes_no_version() {
            String id = t.create("Big", "b.txt", "small").path("id").asText();
            byte[] tooMuch = new byte[TestApi.MAX_UPLOAD + 1];
            // ofInputStream has no length: the client sends it chunked, the store must stop it.
            Response response = t.send(t.asA("/v1/documents/" + id + "/content")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooMuch))));
            response.problem(413);
            assertEquals("close", response.header("Connection"), "the rest of the body is not read: no reuse");
            assertEquals(1, versions(id).size());
            assertEquals("small", t.get("/v1/documents/" + id + "/content").text());

            Response declared = t.send(t.asA("/v1/documents/" + id + "/content")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tooMuch)));
            declared.problem(413);
            assertEquals(1, versions(id).size());

            byte[] exactly = new byte[TestApi.MAX_UPLOAD];
            Response fits = t.send(t.asA("/v1/documents/" + id + "/content")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(exactly))));
            assertEquals(201, fits.status(), fits.text());
        }

        @Test
        void a_multipart_file_over_the_limit_is_413() {
            String id = t.create("Big form", "b.txt", "small").path("id").asText();
            Multipart form = new Multipart().file("file", "big.bin", "application/octet-stream",
                    new byte[TestApi.MAX_UPLOAD + 1]);
            t.send(t.asA("/v1/documents/" + id + "/content").header("Content-Type", form.contentType())
                    .POST(form.publisher())).problem(413);
            Multipart create = new Multipart().field("name", "big").file("file", "big.bin",
                    "application/octet-stream", new byte[TestApi.MAX_UPLOAD + 1]);
            t.send(t.asA("/v1/documents").header("Content-Type", create.contentType())
                    .POST(create.publisher())).problem(413);
            assertEquals(1, versions(id).size());
        }

        @Test
        void downloads_versions_with_ranges_and_conditional_requests() throws Exception {
            String id = t.create("Ranges", "digits.txt", "0123456789").path("id").asText();
            t.replace(id, "abcdefghij", "Content-Disposition", "inline; filename=\"letters \\\"x\\\".txt\"");
            String path = "/v1/documents/" + id + "/versions/1/content";
            Response whole = t.get(path);
            assertEquals(200, whole.status());
            assertEquals("0123456789", whole.text());
            assertEquals("nosniff", whole.header("X-Content-Type-Options"));
            assertEquals("bytes", whole.header("Accept-Ranges"));
            assertEquals("10", whole.header("Content-Length"));
            assertEquals("1", whole.header("X-Dossier-Version"));
            assertTrue(whole.header("Content-Type").startsWith("text/plain"), whole.header("Content-Type"));
            assertEquals("attachment; filename=\"digits.txt\"; filename*=UTF-8''digits.txt",
                    whole.header("Content-Disposition"));
            String etag = whole.header("ETag");
            assertEquals("\"" + sha256("0123456789") + "\"", etag);

            Response first = t.send(t.asA(path).header("Range", "bytes=0-2"));
            assertEquals(206, first.status());
            assertEquals("012", first.text());
            assertEquals("bytes 0-2/10", first.header("Content-Range"));
            Response suffix = t.send(t.asA(path).header("Range", "bytes=-3"));
            assertEquals(206, suffix.status());
            assertEquals("789", suffix.text());
            assertEquals("bytes 7-9/10", suffix.header("Content-Range"));
            Response open = t.send(t.asA(path).header("Range", "bytes=8-"));
            assertEquals("89", open.text());
            Response longSuffix = t.send(t.asA(path).header("Range", "bytes=-50"));
            assertEquals(206, longSuffix.status());
            assertEquals("0123456789", longSuffix.text());
            Response beyond = t.send(t.asA(path).header("Range", "bytes=10-"));
            beyond.problem(416);
            assertEquals("bytes */10", beyond.header("Content-Range"));
            assertNull(beyond.header("Content-Disposition"), "an error carries no header of the content");
            t.send(t.asA(path).header("Range", "bytes=-0")).problem(416);
            Response staleIfRange = t.send(t.asA(path).header("Range", "bytes=10-").header("If-Range", "\"old\""));
            assertEquals(200, staleIfRange.status(), "a stale If-Range gives the whole content");
            Response ifRange = t.send(t.asA(path).header("Range", "bytes=1-1").header("If-Range", etag));
            assertEquals("1", ifRange.text());

            Response notModified = t.send(t.asA(path).header("If-None-Match", etag));
            assertEquals(304, notModified.status());
            assertEquals(0, notModified.body().length);
            assertEquals(etag, notModified.header("ETag"));
            assertEquals(200, t.send(t.asA(path).header("If-None-Match", "\"other\"")).status());

            Response head = t.send(t.asA(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.status());
            assertEquals(etag, head.header("ETag"));
            assertEquals("10", head.header("Content-Length"));
            assertEquals(0, head.body().length);
            assertEquals(200, t.send(t.asA("/v1/documents/" + id + "/content")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())).status());

            Response current = t.get("/v1/documents/" + id + "/content");
            assertEquals("abcdefghij", current.text());
            assertEquals("2", current.header("X-Dossier-Version"));
            assertEquals("attachment; filename=\"letters _x_.txt\"; filename*=UTF-8''letters%20%22x%22.txt",
                    current.header("Content-Disposition"));
        }

        @Test
        void lists_and_reads_versions_and_refuses_bad_numbers() throws Exception {
            String id = t.create("Versions", "v.txt", "one").path("id").asText();
            t.replace(id, "two");
            JsonNode items = versions(id);
            assertEquals(2, items.size());
            assertEquals(1, items.get(0).path("number").asInt());
            assertEquals(sha256("two"), items.get(1).path("sha256").asText());
            JsonNode second = t.get("/v1/documents/" + id + "/versions/2").json();
            assertEquals(2, second.path("number").asInt());
            assertTrue(second.path("author").path("reference").asText().startsWith("Device/"));
            for (String bad : new String[]{"0", "-1", "abc", "1.5", "99999999999"}) {
                t.get("/v1/documents/" + id + "/versions/" + bad).problem(400);
                t.get("/v1/documents/" + id + "/versions/" + bad + "/content").problem(400);
                t.send(t.asA("/v1/documents/" + id + "/versions/" + bad + "/restore")
                        .POST(HttpRequest.BodyPublishers.noBody())).problem(400);
            }
            t.get("/v1/documents/" + id + "/versions/3").problem(404);
            t.get("/v1/documents/" + id + "/versions/3/content").problem(404);
        }

        @Test
        void restores_an_old_version() throws Exception {
            String id = t.create("Restore", "r.txt", "original").path("id").asText();
            t.replace(id, "changed");
            Response restored = t.send(t.asA("/v1/documents/" + id + "/versions/1/restore")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(201, restored.status(), restored.text());
            assertEquals(3, restored.json().path("number").asInt());
            assertEquals(1, restored.json().path("restoredFrom").asInt());
            assertEquals("/v1/documents/" + id + "/versions/3", restored.header("Location"));
            assertEquals("original", t.get("/v1/documents/" + id + "/content").text());
            assertEquals(sha256("original"), t.get("/v1/documents/" + id).json()
                    .path("currentVersion").path("sha256").asText());
            t.send(t.asA("/v1/documents/" + id + "/versions/7/restore").POST(HttpRequest.BodyPublishers.noBody()))
                    .problem(404);
        }

        JsonNode versions(String id) {
            Response response = t.get("/v1/documents/" + id + "/versions");
            assertEquals(200, response.status(), response.text());
            return response.json().path("items");
        }
    }

    @Nested
    class Tags {
        @Test
        void sets_lists_and_removes_tags() {
            String id = t.create("Tagged", "t.txt", "x").path("id").asText();
            Response put = putTag(id, "review", "{\"state\": 2, \"traceId\": \"trace-1\"}");
            assertEquals(200, put.status(), put.text());
            assertEquals("review", put.json().path("name").asText());
            assertEquals(2, put.json().path("state").asInt());
            assertEquals("trace-1", put.json().path("traceId").asText());
            assertEquals(200, putTag(id, "review", "{\"state\": -7}").status());
            assertEquals(200, putTag(id, "ocr:resistant", "{\"state\": 1}").status());

            JsonNode items = t.get("/v1/documents/" + id + "/tags").json().path("items");
            assertEquals(2, items.size());
            assertEquals("ocr:resistant", items.get(0).path("name").asText());
            assertEquals(-7, items.get(1).path("state").asInt());
            assertEquals(1, t.get("/v1/documents/" + id).json().path("versionCount").asInt(), "tags make no version");

            t.replace(id, "y");
            items = t.get("/v1/documents/" + id + "/tags").json().path("items");
            assertEquals(1, items.size(), "only the resistant tag survives a replacement");

            assertEquals(204, t.send(t.asA("/v1/documents/" + id + "/tags/ocr:resistant").DELETE()).status());
            t.send(t.asA("/v1/documents/" + id + "/tags/ocr:resistant").DELETE()).problem(404);
            t.send(t.asA("/v1/documents/" + id + "/tags/never").DELETE()).problem(404);
            assertEquals(0, t.get("/v1/documents/" + id + "/tags").json().path("items").size());
        }

        @Test
        void refuses_bad_tags() {
            String id = t.create("Tagged badly", null, null).path("id").asText();
            for (String body : new String[]{"{}", "{\"state\": \"2\"}", "{\"state\": 1.5}", "{\"state\": null}",
                    "{\"state\": 3000000000}", "{\"state\": 1, \"colour\": \"red\"}", "{\"state\":", "", "[1]"}) {
                putTag(id, "review", body).problem(400);
            }
            putTag(id, "-bad-name", "{\"state\": 1}").problem(422);
            putTag(id, "bad:", "{\"state\": 1}").problem(422);
            putTag(UUID.randomUUID().toString(), "review", "{\"state\": 1}").problem(404);
            assertEquals(0, t.get("/v1/documents/" + id + "/tags").json().path("items").size());
        }

        Response putTag(String id, String name, String body) {
            return t.send(t.asA("/v1/documents/" + id + "/tags/" + name).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
        }
    }

    @Nested
    class PublicTokens {
        @Test
        void issues_downloads_and_revokes_a_public_token() {
            String id = t.create("Shared", "s.txt", "for everyone").path("id").asText();
            t.postJson("/v1/documents/" + id + "/public-tokens", "").problem(409);
            makePublic(id, true);

            Response issued = t.send(t.asA("/v1/documents/" + id + "/public-tokens").POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(201, issued.status(), issued.text());
            JsonNode token = issued.json();
            assertNotNull(token.path("id").asText(null));
            String signed = token.path("token").asText();
            assertEquals(t.base + "/v1/public/" + signed, token.path("url").asText());
            assertEquals(t.clock.instant().plus(TestApi.TOKEN_LIFETIME).getEpochSecond(),
                    Instant.parse(token.path("expiresAt").asText()).getEpochSecond());

            Response download = t.send(t.request("/v1/public/" + signed));
            assertEquals(200, download.status(), download.text());
            assertEquals("for everyone", download.text());
            assertEquals("no-store", download.header("Cache-Control"));
            assertEquals("nosniff", download.header("X-Content-Type-Options"));
            Response range = t.send(t.request("/v1/public/" + signed).header("Range", "bytes=-8"));
            assertEquals(206, range.status());
            assertEquals("everyone", range.text());
            assertEquals(200, t.send(t.request("/v1/public/" + signed)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())).status());

            t.replace(id, "new content");
            assertEquals("new content", t.send(t.request("/v1/public/" + signed)).text(),
                    "a token grants the current content");

            Response revoked = t.send(t.asA("/v1/documents/" + id + "/public-tokens/" + token.path("id").asText())
                    .DELETE());
            assertEquals(204, revoked.status(), revoked.text());
            t.send(t.request("/v1/public/" + signed)).problem(404);
            t.send(t.asA("/v1/documents/" + id + "/public-tokens/no-such-token").DELETE()).problem(404);
        }

        @Test
        void a_token_with_a_lifetime_expires() {
            String id = publicDocument("Short-lived");
            Response issued = t.postJson("/v1/documents/" + id + "/public-tokens", "{\"lifetimeSeconds\": 60}");
            assertEquals(201, issued.status(), issued.text());
            String signed = issued.json().path("token").asText();
            assertEquals(t.clock.instant().plusSeconds(60).getEpochSecond(),
                    Instant.parse(issued.json().path("expiresAt").asText()).getEpochSecond());
            assertEquals(200, t.send(t.request("/v1/public/" + signed)).status());
            t.clock.advance(Duration.ofSeconds(61));
            t.send(t.request("/v1/public/" + signed)).problem(404);
        }

        @Test
        void turning_a_document_private_revokes_its_tokens() {
            String id = publicDocument("Was public");
            String signed = t.postJson("/v1/documents/" + id + "/public-tokens", "{}").json().path("token").asText();
            assertEquals(200, t.send(t.request("/v1/public/" + signed)).status());
            makePublic(id, false);
            t.send(t.request("/v1/public/" + signed)).problem(404);
            makePublic(id, true);
            t.send(t.request("/v1/public/" + signed)).problem(404);
        }

        @Test
        void refuses_tampered_foreign_and_mixed_credentials() {
            String id = publicDocument("Guarded");
            String signed = t.postJson("/v1/documents/" + id + "/public-tokens", "").json().path("token").asText();
            String[] parts = signed.split("\\.");
            String otherBody = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                            .replace("\"exp\":", "\"exp\":1").getBytes(StandardCharsets.UTF_8));
            t.send(t.request("/v1/public/" + parts[0] + "." + otherBody + "." + parts[2])).problem(404);
            t.send(t.request("/v1/public/" + signed.substring(0, signed.length() - 2) + "AA")).problem(404);
            t.send(t.request("/v1/public/garbage")).problem(404);
            t.send(t.request("/v1/public/" + signed).header("X-API-Key", TestApi.KEY_A)).problem(400);
            t.send(t.request("/v1/public/" + signed).header("Authorization", "Bearer "
                    + t.jwt("a", "documents:read").sign(TestApi.SECRET))).problem(400);
        }

        @Test
        void refuses_bad_token_requests() {
            String id = publicDocument("Lifetimes");
            t.postJson("/v1/documents/" + id + "/public-tokens", "{\"lifetimeSeconds\": \"60\"}").problem(400);
            t.postJson("/v1/documents/" + id + "/public-tokens", "{\"lifetimeSeconds\": 1.5}").problem(400);
            t.postJson("/v1/documents/" + id + "/public-tokens", "{\"lifetime\": 60}").problem(400);
            t.postJson("/v1/documents/" + id + "/public-tokens", "{oops").problem(400);
            t.postJson("/v1/documents/" + id + "/public-tokens", "{\"lifetimeSeconds\": 0}").problem(422);
            t.postJson("/v1/documents/" + id + "/public-tokens",
                    "{\"lifetimeSeconds\": " + Duration.ofDays(400).toSeconds() + "}").problem(422);
            t.postJson("/v1/documents/" + UUID.randomUUID() + "/public-tokens", "").problem(404);
        }

        String publicDocument(String name) {
            String id = t.create(name, "p.txt", "public bytes").path("id").asText();
            makePublic(id, true);
            return id;
        }

        void makePublic(String id, boolean visible) {
            Response response = t.send(t.asA("/v1/documents/" + id).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"visibility\":\"" + (visible ? "public" : "private") + "\"}")));
            assertEquals(200, response.status(), response.text());
            assertEquals(visible ? "public" : "private", response.json().path("visibility").asText());
        }
    }
}
