package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI fragment of the seed endpoints: well-formed, complete, and every reference resolves. */
class SeedsOpenApiTest {
    private static JsonNode fragment() throws Exception {
        try (InputStream in = SeedsOpenApiTest.class.getResourceAsStream("/io/dossier/adapter/rest/openapi/seeds.json")) {
            assertNotNull(in, "seeds.json is on the class path");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void describes_every_seed_route() throws Exception {
        Set<String> operations = new TreeSet<>();
        fragment().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        String dms = "/api/dms/objects/{objectId}";
        String project = "/api/v2/clients/{client_id}/dms/projects/{project_id}/documents";
        assertEquals(new TreeSet<>(List.of(
                "POST /document", "POST /document/{id}", "GET /document/{id}", "GET /document/{id}/content",
                "POST /api/dms/objects", "GET " + dms, "POST " + dms + "/contents/file", "GET " + dms + "/contents/file",
                "GET " + dms + "/versions", "GET " + dms + "/versions/{versionNumber}",
                "GET " + dms + "/versions/{versionNumber}/contents/file", "GET " + dms + "/contents/renditions/text",
                "GET " + dms + "/versions/{versionNumber}/contents/renditions/text", "GET " + dms + "/actions/validate/digest",
                "GET " + dms + "/versions/{versionNumber}/actions/validate/digest", "GET " + dms + "/tags",
                "POST " + dms + "/tags/{name}/state/{state}", "DELETE " + dms + "/tags/{name}",
                "POST " + project, "POST " + project + "/{document_id}", "PUT " + project + "/{document_id}",
                "GET " + project + "/{document_id}", "GET " + project + "/{document_id}/file",
                "POST /patients/{patient_id}/pdf", "POST /v1/patients", "GET /v1/patients/{patient_id}")), operations);
    }

    @Test
    void every_reference_resolves_and_every_operation_has_an_id_and_responses() throws Exception {
        JsonNode root = fragment();
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        assertTrue(refs.size() > 20);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertTrue(!root.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
        Set<String> ids = new TreeSet<>();
        root.path("paths").forEach(path -> path.fields().forEachRemaining(op -> {
            if (!op.getKey().equals("parameters")) {
                assertTrue(ids.add(op.getValue().path("operationId").asText()), "duplicate or missing operationId");
                assertTrue(op.getValue().path("responses").size() > 0);
            }
        }));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
