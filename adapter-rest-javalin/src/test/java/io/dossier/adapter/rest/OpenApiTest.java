package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document stays true to the routes the server registers, and its fragments merge safely. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static TestApi t;
    static JsonNode document;

    @BeforeAll
    static void start() {
        t = new TestApi();
        Response response = t.send(t.request("/openapi.json"));
        assertEquals(200, response.status(), response.text());
        assertTrue(response.header("Content-Type").startsWith("application/json"));
        document = response.json();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void is_served_without_credentials_as_openapi_3_1() {
        assertEquals("3.1.0", document.path("openapi").asText());
        assertEquals("Dossier", document.path("info").path("title").asText());
        assertTrue(document.path("components").path("securitySchemes").has("apiKey"));
        assertTrue(document.path("components").path("securitySchemes").has("bearer"));
        assertEquals("Apache-2.0", document.path("info").path("license").path("identifier").asText());
        assertEquals("/", document.path("servers").path(0).path("url").asText());
    }

    @Test
    void user_tokens_are_one_bearer_scheme_and_file_parts_are_binary() {
        List<String> bearers = new ArrayList<>();
        document.path("components").path("securitySchemes").properties().forEach(scheme -> {
            if (scheme.getValue().path("scheme").asText().equals("bearer")
                    && scheme.getValue().path("bearerFormat").asText().equals("JWT")) {
                bearers.add(scheme.getKey());
            }
        });
        assertEquals(List.of("bearer"), bearers);
        // Every multipart property named file is a binary string, which generators turn into a file.
        List<String> untyped = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode form = op.getValue().path("requestBody").path("content").path("multipart/form-data").path("schema");
            JsonNode properties = form.has("$ref") ? resolve(form.path("$ref").asText()).path("properties") : form.path("properties");
            properties.properties().forEach(p -> {
                if (p.getKey().equals("file")) {
                    JsonNode schema = p.getValue();
                    boolean binary = schema.path("format").asText().equals("binary")
                            || !schema.path("contentMediaType").asText().isEmpty();
                    if (!schema.path("type").asText().equals("string") || !binary) {
                        untyped.add(op.getKey() + " " + path.getKey() + " " + p.getKey());
                    }
                }
            });
        }));
        assertEquals(List.of(), untyped);
    }

    private static JsonNode resolve(String ref) {
        JsonNode node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }

    @Test
    void passes_a_real_openapi_validator_without_a_message() throws Exception {
        io.swagger.v3.parser.core.models.ParseOptions options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        io.swagger.v3.parser.core.models.SwaggerParseResult result = new io.swagger.v3.parser.OpenAPIV3Parser()
                .readContents(new ObjectMapper().writeValueAsString(document), null, options);
        assertTrue(result.getOpenAPI() != null, "not read at all: " + result.getMessages());
        assertEquals(List.of(), result.getMessages());
    }

    @Test
    void describes_every_route_the_server_registers() {
        Set<String> routes = new TreeSet<>();
        for (String route : t.api.routes()) {
            String[] parts = route.split(" ", 2);
            // Javalin also knows <name> for path parameters; the document always says {name}.
            routes.add(parts[0].toLowerCase(Locale.ROOT) + " " + parts[1].replaceAll("<([^>]+)>", "{$1}"));
        }
        assertTrue(routes.contains("post /v1/documents"), routes.toString());
        Set<String> described = operations(document);
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(described);
        assertEquals(Set.of(), undocumented, "routes missing from /openapi.json");
        Set<String> phantom = new TreeSet<>(described);
        phantom.removeAll(routes);
        assertEquals(Set.of(), phantom, "operations in /openapi.json that the server does not have");
    }

    @Test
    void operations_are_well_formed() {
        Set<String> operationIds = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (!METHODS.contains(entry.getKey())) {
                return;
            }
            String where = entry.getKey() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            assertTrue(operation.path("responses").size() > 0, where + " has no responses");
            String id = operation.path("operationId").asText("");
            assertFalse(id.isEmpty(), where + " has no operationId");
            assertTrue(operationIds.add(id), "operationId " + id + " twice");
            List<String> declared = new ArrayList<>();
            // Parameters may be declared on the path item for all its operations, or per operation.
            path.getValue().path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path")) {
                    declared.add(parameter.path("name").asText());
                }
            });
            operation.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.path("in").asText().equals("path")) {
                    declared.add(parameter.path("name").asText());
                }
            });
            List<String> inPath = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertEquals(new TreeSet<>(inPath), new TreeSet<>(declared), where + ": path parameters");
        }));
    }

    @Test
    void every_reference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(resolve(Map.of("$ref", ref)).isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void merges_fragments_and_refuses_conflicts() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree("{\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":{\"description\":\"a\"}}}}},"
                + "\"components\":{\"schemas\":{\"Shared\":{\"type\":\"string\"}}},\"tags\":[{\"name\":\"T\"}]}");
        JsonNode b = json.readTree("{\"paths\":{\"/x\":{\"post\":{\"responses\":{\"201\":{\"description\":\"b\"}}}}},"
                + "\"components\":{\"schemas\":{\"Shared\":{\"type\":\"string\"},\"B\":{\"type\":\"integer\"}}},"
                + "\"tags\":[{\"name\":\"T\"}]}");
        ObjectNode merged = OpenApi.merge(List.of(new OpenApi.Fragment("b.json", b), new OpenApi.Fragment("a.json", a)),
                json);
        assertEquals(Set.of("get", "post"), fieldNames(merged.path("paths").path("/x")));
        assertEquals(Set.of("Shared", "B"), fieldNames(merged.path("components").path("schemas")));
        assertEquals(1, merged.path("tags").size());

        JsonNode sameMethod = json.readTree("{\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":{\"description\":\"a\"}}}}}}");
        assertThrows(IllegalStateException.class, () -> OpenApi.merge(List.of(new OpenApi.Fragment("a.json", a),
                new OpenApi.Fragment("c.json", sameMethod)), json));
        JsonNode otherShared = json.readTree("{\"paths\":{},\"components\":{\"schemas\":{\"Shared\":{\"type\":\"integer\"}}}}");
        assertTrue(assertThrows(IllegalStateException.class, () -> OpenApi.merge(List.of(
                new OpenApi.Fragment("a.json", a), new OpenApi.Fragment("d.json", otherShared)), json))
                .getMessage().contains("d.json"));
        JsonNode stray = json.readTree("{\"paths\":{},\"info\":{}}");
        assertThrows(IllegalStateException.class, () -> OpenApi.merge(List.of(new OpenApi.Fragment("e.json", stray)),
                json));
        JsonNode noPaths = json.readTree("{\"components\":{}}");
        assertThrows(IllegalStateException.class, () -> OpenApi.merge(List.of(new OpenApi.Fragment("f.json", noPaths)),
                json));
    }

    @Test
    void finds_the_fragments_on_the_class_path() {
        ObjectNode loaded = OpenApi.load(OpenApiTest.class.getClassLoader(), new ObjectMapper());
        assertTrue(loaded.path("paths").has("/v1/documents"));
        assertEquals(document, new ObjectMapper().valueToTree(loaded));
    }

    @Test
    void finds_fragments_in_a_jar_without_directory_entries(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path jar = dir.resolve("fragments.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String name : List.of("native.json", "seeds.json", "notes.txt")) {
                out.putNextEntry(new java.util.jar.JarEntry(OpenApi.DIRECTORY + name));
                out.write(("{\"paths\":{\"/" + name + "\":{\"get\":{\"responses\":{}}}}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{jar.toUri().toURL()}, null)) {
            ObjectNode loaded = OpenApi.load(loader, new ObjectMapper());
            assertEquals(Set.of("/native.json", "/seeds.json"), fieldNames(loaded.path("paths")));
        }
    }

    static Set<String> operations(JsonNode openApi) {
        Set<String> operations = new TreeSet<>();
        openApi.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static JsonNode resolve(Object node) {
        JsonNode value = node instanceof JsonNode j ? j : new ObjectMapper().valueToTree(node);
        if (!value.has("$ref")) {
            return value;
        }
        JsonNode target = document;
        for (String part : value.get("$ref").asText().substring(2).split("/")) {
            target = target.path(part.replace("~1", "/").replace("~0", "~"));
        }
        return target;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
