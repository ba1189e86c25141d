package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The OpenAPI 3.1 document served at {@code /openapi.json}, merged from fragment files so that
 * each group of endpoints describes itself next to its code.
 *
 * <h2>Fragment format</h2>
 * Every classpath resource {@value #DIRECTORY}{@code <name>.json} is one fragment: a JSON object
 * with
 * <ul>
 *   <li>{@code "paths"} (required): OpenAPI path items, keyed by the path exactly as the route is
 *       registered with Javalin ({@code {name}} for a path parameter, no trailing slash), e.g.
 *       {@code {"/v1/documents/{id}": {"get": {…operation…}}}};</li>
 *   <li>{@code "components"} (optional): OpenAPI components ({@code schemas}, {@code parameters},
 *       {@code responses}, {@code requestBodies}, {@code headers}, {@code securitySchemes}, …);</li>
 *   <li>{@code "tags"} (optional): an array of tag objects ({@code {"name": …, "description": …}}).</li>
 * </ul>
 * Nothing else may appear at its top level: {@code openapi}, {@code info}, the security schemes
 * {@code apiKey} (header {@code X-API-Key}) and {@code bearer} (JWT), and the global
 * {@code security} (either of the two) come from here. An operation open to anyone says
 * {@code "security": []}; one that takes another credential names it in its own
 * {@code security} and, if the scheme is new, adds it under {@code components/securitySchemes}.
 * References ({@code "$ref": "#/components/…"}) point into the merged document.
 *
 * <h2>Merging</h2>
 * Fragments are merged in the order of their file names. Two fragments may describe the same
 * path, but not the same method of it; a path-level key (e.g. {@code parameters}), a component
 * or a tag may appear in several fragments only with identical content. Anything else is a
 * conflict, which fails the server's start: prefix component names with the fragment's API
 * (e.g. {@code SeedFileEntry}) to keep them apart. A test checks that every route the server
 * registers is described, and that every described operation is a route.
 */
final class OpenApi {
    static final String DIRECTORY = "io/dossier/adapter/rest/openapi/";
    private static final Set<String> FRAGMENT_KEYS = Set.of("paths", "components", "tags");

    /** One fragment file: its file name and content. */
    record Fragment(String name, JsonNode content) {
    }

    private OpenApi() {
    }

    /** The merged document of every fragment on the class path of the given loader. */
    static ObjectNode load(ClassLoader loader, ObjectMapper json) {
        List<Fragment> fragments = fragmentNames(loader).stream().map(name -> read(loader, json, name)).toList();
        if (fragments.isEmpty()) {
            throw new IllegalStateException("no OpenAPI fragment found under " + DIRECTORY);
        }
        return merge(fragments, json);
    }

    static ObjectNode merge(List<Fragment> fragments, ObjectMapper json) {
        ObjectNode document = json.createObjectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Dossier");
        info.put("version", "1");
        info.put("description", "Documents with immutable versions, tags and public tokens. Errors of the native "
                + "API are RFC 9457 problem details (application/problem+json).");
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        // Relative: the document describes the server that serves it, wherever it is reached.
        document.putArray("servers").addObject().put("url", "/").put("description", "the server that answers this document");
        document.putArray("security").add(json.createObjectNode().set("apiKey", json.createArrayNode()))
                .add(json.createObjectNode().set("bearer", json.createArrayNode()));
        ObjectNode paths = document.putObject("paths");
        ObjectNode components = document.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-API-Key");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "JWT signed with HS256 (the shared DOSSIER_JWT_SECRET) or with RS256/ES256 by a key of the"
                        + " identity provider's JWKS (DOSSIER_JWT_JWKS_URL); with exp, sub, tenant and scope or scp"
                        + " (documents:read, documents:write)");
        ArrayNode tags = json.createArrayNode();
        Map<String, String> owners = new TreeMap<>();

        for (Fragment fragment : fragments.stream().sorted(java.util.Comparator.comparing(Fragment::name)).toList()) {
            String from = fragment.name();
            JsonNode content = fragment.content();
            if (content == null || !content.isObject() || !content.path("paths").isObject()) {
                throw conflict(from, "a fragment is a JSON object with a \"paths\" object");
            }
            content.fieldNames().forEachRemaining(key -> {
                if (!FRAGMENT_KEYS.contains(key)) {
                    throw conflict(from, "unknown top-level key \"" + key + "\"; allowed: " + new TreeSet<>(FRAGMENT_KEYS));
                }
            });
            for (Map.Entry<String, JsonNode> path : content.get("paths").properties()) {
                if (!path.getValue().isObject()) {
                    throw conflict(from, "path " + path.getKey() + " is not an object");
                }
                ObjectNode item = paths.has(path.getKey()) ? (ObjectNode) paths.get(path.getKey())
                        : paths.putObject(path.getKey());
                for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                    String where = path.getKey() + " " + entry.getKey();
                    JsonNode existing = item.get(entry.getKey());
                    if (existing != null && !existing.equals(entry.getValue())) {
                        throw conflict(from, where + " is described by " + owners.get(where) + " already");
                    }
                    if (existing != null && isOperation(entry.getKey())) {
                        throw conflict(from, where + " is described by " + owners.get(where) + " already");
                    }
                    item.set(entry.getKey(), entry.getValue());
                    owners.putIfAbsent(where, from);
                }
            }
            JsonNode parts = content.path("components");
            if (!parts.isMissingNode()) {
                if (!parts.isObject()) {
                    throw conflict(from, "components is not an object");
                }
                for (Map.Entry<String, JsonNode> section : parts.properties()) {
                    if (!section.getValue().isObject()) {
                        throw conflict(from, "components/" + section.getKey() + " is not an object");
                    }
                    ObjectNode target = components.has(section.getKey()) ? (ObjectNode) components.get(section.getKey())
                            : components.putObject(section.getKey());
                    for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
                        JsonNode existing = target.get(component.getKey());
                        if (existing != null && !existing.equals(component.getValue())) {
                            throw conflict(from, "components/" + section.getKey() + "/" + component.getKey()
                                    + " differs from the one described already");
                        }
                        target.set(component.getKey(), component.getValue());
                    }
                }
            }
            JsonNode fragmentTags = content.path("tags");
            if (!fragmentTags.isMissingNode()) {
                if (!fragmentTags.isArray()) {
                    throw conflict(from, "tags is not an array");
                }
                for (JsonNode tag : fragmentTags) {
                    String name = tag.path("name").asText("");
                    if (name.isEmpty()) {
                        throw conflict(from, "a tag without a name");
                    }
                    JsonNode existing = null;
                    for (JsonNode known : tags) {
                        if (known.path("name").asText().equals(name)) {
                            existing = known;
                        }
                    }
                    if (existing == null) {
                        tags.add(tag);
                    } else if (!existing.equals(tag)) {
                        throw conflict(from, "tag " + name + " differs from the one described already");
                    }
                }
            }
        }
        if (!tags.isEmpty()) {
            document.set("tags", tags);
        }
        return document;
    }

    private static boolean isOperation(String key) {
        return Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(key);
    }

    private static IllegalStateException conflict(String fragment, String message) {
        return new IllegalStateException("OpenAPI fragment " + fragment + ": " + message);
    }

    private static Fragment read(ClassLoader loader, ObjectMapper json, String name) {
        try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI fragment " + name + " vanished");
            }
            return new Fragment(name, json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI fragment " + name + " is not valid JSON", e);
        }
    }

    /**
     * The names of the fragment files in every class path entry that has the directory: folders
     * (while developing and testing) and jars (also jars without directory entries, found through
     * {@code native.json}).
     */
    private static Set<String> fragmentNames(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        try {
            for (String probe : List.of(DIRECTORY, DIRECTORY + "native.json")) {
                Enumeration<URL> roots = loader.getResources(probe);
                while (roots.hasMoreElements()) {
                    URL root = roots.nextElement();
                    if (root.getProtocol().equals("file")) {
                        Path path = Path.of(root.toURI());
                        Path directory = Files.isDirectory(path) ? path : path.getParent();
                        try (Stream<Path> files = Files.list(directory)) {
                            files.map(f -> f.getFileName().toString()).filter(OpenApi::isFragmentName)
                                    .forEach(names::add);
                        }
                    } else if (root.getProtocol().equals("jar")) {
                        JarURLConnection connection = (JarURLConnection) root.openConnection();
                        connection.setUseCaches(false);
                        try (JarFile jar = connection.getJarFile()) {
                            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                                String entry = entries.nextElement().getName();
                                if (entry.startsWith(DIRECTORY) && isFragmentName(entry.substring(DIRECTORY.length()))) {
                                    names.add(entry.substring(DIRECTORY.length()));
                                }
                            }
                        }
                    } else {
                        throw new IllegalStateException("cannot list OpenAPI fragments in " + root);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing OpenAPI fragments failed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("listing OpenAPI fragments failed", e);
        }
        return names;
    }

    private static boolean isFragmentName(String name) {
        return name.endsWith(".json") && name.indexOf('/') < 0 && name.length() > ".json".length();
    }
}
