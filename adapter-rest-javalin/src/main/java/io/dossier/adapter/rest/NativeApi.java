package io.dossier.adapter.rest;

import io.dossier.domain.Rendition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dossier.domain.DocumentException;
import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.MetadataChange;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.RestoreVersionUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Tag;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The native API under {@code /v1}: every use case, errors as RFC 9457 problem details. Its
 * OpenAPI description is {@code openapi/native.json}; a test keeps the two in step.
 */
final class NativeApi implements Endpoints {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;

    @Override
    public void register(FamilyRoutes routes, EndpointContext w) {
        routes.post("/v1/documents", ctx -> create(ctx, w));
        routes.get("/v1/documents", ctx -> list(ctx, w));
        routes.get("/v1/documents/{id}", ctx -> {
            Principal principal = w.principal(ctx);
            DocumentId id = id(ctx);
            Document document = w.dossier().getDocument().get(principal, id);
            // A direct upload that was refused leaves its trace here, with the reason.
            // On a single document, its current version shows the state of its text too.
            Map<VersionNumber, Rendition> texts = TextRenditions.byVersion(w, principal, document);
            ctx.header("ETag", Requests.documentTag(document)).json(NativeResponses.DocumentJson.of(document,
                    w.dossier().completeUpload().lastUpload(principal, id),
                    document.currentVersion().map(v -> texts.get(v.number()))));
        });
        routes.patch("/v1/documents/{id}", ctx -> update(ctx, w));
        routes.delete("/v1/documents/{id}", ctx -> {
            w.dossier().deleteDocument().delete(w.principal(ctx), id(ctx));
            ctx.status(204);
        });

        Handler current = ctx -> ContentResponses.send(ctx, w.dossier().content()
                .open(w.principal(ctx), id(ctx), Optional.empty()));
        routes.get("/v1/documents/{id}/content", current);
        routes.head("/v1/documents/{id}/content", current);
        routes.post("/v1/documents/{id}/content", ctx -> replace(ctx, w));

        routes.get("/v1/documents/{id}/versions", ctx -> {
            Principal principal = w.principal(ctx);
            Document document = w.dossier().getDocument().get(principal, id(ctx));
            Map<VersionNumber, Rendition> texts = TextRenditions.byVersion(w, principal, document);
            ctx.json(new NativeResponses.Items<>(document.versions().stream().map(v -> NativeResponses.VersionJson
                    .of(document.id(), v, Optional.ofNullable(texts.get(v.number())))).toList()));
        });
        routes.get("/v1/documents/{id}/versions/{n}", ctx -> {
            Principal principal = w.principal(ctx);
            Document document = w.dossier().getDocument().get(principal, id(ctx));
            VersionNumber number = versionNumber(ctx);
            Version version = document.version(number).orElseThrow(() -> HttpProblem.notFound(
                    "version " + number + " of document " + document.id() + " does not exist"));
            ctx.json(NativeResponses.VersionJson.of(document.id(), version,
                    Optional.ofNullable(TextRenditions.byVersion(w, principal, document).get(number))));
        });
        Handler text = ctx -> ContentResponses.send(ctx, w.dossier().renditions()
                .text(w.principal(ctx), id(ctx), versionNumber(ctx)));
        routes.get("/v1/documents/{id}/versions/{n}/renditions/text", text);
        routes.head("/v1/documents/{id}/versions/{n}/renditions/text", text);
        Handler old = ctx -> ContentResponses.send(ctx, w.dossier().content()
                .open(w.principal(ctx), id(ctx), Optional.of(versionNumber(ctx))));
        routes.get("/v1/documents/{id}/versions/{n}/content", old);
        routes.head("/v1/documents/{id}/versions/{n}/content", old);
        routes.post("/v1/documents/{id}/versions/{n}/restore", ctx -> {
            DocumentId id = id(ctx);
            Version restored = w.dossier().restoreVersion().restoreVersion(new RestoreVersionUseCase.Command(
                    w.principal(ctx), id, versionNumber(ctx)));
            created(ctx, w, id, restored);
        });

        routes.get("/v1/documents/{id}/tags", ctx -> ctx.json(new NativeResponses.Items<>(w.dossier().tags()
                .tags(w.principal(ctx), id(ctx)).stream().map(NativeResponses.TagJson::of).toList())));
        routes.put("/v1/documents/{id}/tags/{name}", ctx -> putTag(ctx, w));
        routes.delete("/v1/documents/{id}/tags/{name}", ctx -> {
            // The document as saved is not shown: 204.
            w.dossier().tags().untag(w.principal(ctx), id(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });

        routes.post("/v1/documents/{id}/public-tokens", ctx -> issueToken(ctx, w));
        routes.delete("/v1/documents/{id}/public-tokens/{tokenId}", ctx -> {
            w.dossier().publicTokens().revoke(w.principal(ctx), id(ctx), ctx.pathParam("tokenId"));
            ctx.status(204);
        });
        Handler publicDownload = ctx -> publicDownload(ctx, w);
        routes.get("/v1/public/{token}", publicDownload);
        routes.head("/v1/public/{token}", publicDownload);
    }


    // ---- documents -----------------------------------------------------------------------

    /**
     * A document from a multipart form (with or without a {@code file} part), or from a JSON
     * object {@code {name, description, properties, visibility}} for one without content.
     */
    private static void create(Context ctx, EndpointContext w) {
        Principal principal = writer(ctx, w);
        Document created = isJson(ctx) ? createFromJson(ctx, w, principal) : createFromForm(ctx, w, principal);
        respond(ctx.status(201).header("Location", "/v1/documents/" + created.id()), created);
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return false;
        }
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || base.endsWith("+json");
    }

    private static Document createFromJson(Context ctx, EndpointContext w, Principal principal) {
        NativeBodies.NewDocument body = Bodies.read(ctx, NativeBodies.NewDocument.class, true, Requests.MAX_JSON_BYTES)
                .orElseThrow(() -> HttpProblem.badRequest("send a JSON object with at least a name"));
        Metadata metadata = new Metadata(body.name(), Optional.ofNullable(body.description()).orElse(""),
                body.properties() == null ? Map.of() : body.properties());
        Visibility visibility = Optional.ofNullable(body.visibility()).map(NativeApi::visibility)
                .orElse(Visibility.PRIVATE);
        return w.dossier().createDocument().create(new CreateDocumentUseCase.Command(principal, Filing.UNFILED,
                metadata, visibility, Optional.empty()));
    }

    private static Document createFromForm(Context ctx, EndpointContext w, Principal principal) {
        long limit = w.settings().maxUploadBytes();
        return Forms.read(ctx, "file", limit, java.util.Set.of(), (form, file) -> {
            Optional<String> name = form.get("name").filter(n -> !n.isBlank());
            Metadata metadata = new Metadata(name.or(() -> file.flatMap(Forms.File::fileName).filter(n -> !n.isBlank()))
                    .orElseThrow(() -> HttpProblem.badRequest("send a name or a file")),
                    form.get("description").orElse(""), properties(form.get("properties").orElse(null), w.json()));
            Visibility visibility = form.get("visibility").map(NativeApi::visibility).orElse(Visibility.PRIVATE);
            return w.dossier().createDocument().create(new CreateDocumentUseCase.Command(principal, Filing.UNFILED,
                    metadata, visibility, file.map(f -> Forms.content(f, Optional.empty(), limit))));
        });
    }

    private static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("offset", "limit");
    private static final java.util.Set<String> SEARCH_PARAMETERS = union(SearchRequests.FILTERS, java.util.Set.of("limit"));

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return java.util.Set.copyOf(all);
    }

    /**
     * A page by offset, or, with any word or filter, a search (best first, paged by cursor). A
     * parameter neither knows is refused, not ignored: a filter that silently does nothing
     * answers the wrong documents.
     */
    private static void list(Context ctx, EndpointContext w) {
        Principal principal = w.principal(ctx);
        if (SearchRequests.asked(ctx)) {
            SearchRequests.requireKnown(ctx, SEARCH_PARAMETERS);
            SearchRequests.answer(ctx, w, principal, Optional.empty());
            return;
        }
        // No filter is present here, so refusing outside both sets refuses exactly what is outside
        // the page's; the answer then names the filters too.
        SearchRequests.requireKnown(ctx, union(LIST_PARAMETERS, SEARCH_PARAMETERS));
        int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.queryInt(ctx, "limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        ctx.json(new NativeResponses.Page<>(w.dossier().getDocument().list(principal, offset, limit).stream()
                .map(NativeResponses.DocumentJson::of).toList(), offset, limit,
                w.dossier().getDocument().count(principal)));
    }

    private static void update(Context ctx, EndpointContext w) {
        Principal principal = writer(ctx, w);
        DocumentId id = id(ctx);
        NativeBodies.DocumentPatch body = Bodies.read(ctx, NativeBodies.DocumentPatch.class, true,
                Requests.MAX_JSON_BYTES)
                .orElseThrow(() -> HttpProblem.badRequest("send a JSON object with the fields to change"));
        // Properties merge as in a JSON merge patch (RFC 7396): a value sets, null removes.
        Map<String, String> given = body.properties() == null ? Map.of() : body.properties();
        Map<String, String> set = new TreeMap<>();
        java.util.Set<String> removed = new java.util.TreeSet<>();
        given.forEach((name, value) -> {
            if (value == null) {
                removed.add(name);
            } else {
                set.put(name, value);
            }
        });
        MetadataChange change = new MetadataChange(Optional.ofNullable(body.name()),
                Optional.ofNullable(body.description()), set, removed);
        Optional<Visibility> visibility = Optional.ofNullable(body.visibility()).map(NativeApi::visibility);
        Expectation expectation = Requests.ifMatch(ctx, () -> w.dossier().getDocument().get(principal, id));
        Document updated = w.dossier().updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(
                principal, id, change, visibility, expectation));
        respond(ctx, updated);
    }

    // ---- content and versions ------------------------------------------------------------

    private static void replace(Context ctx, EndpointContext w) {
        Principal principal = writer(ctx, w);
        DocumentId id = id(ctx);
        Expectation expectation = Requests.ifMatch(ctx, () -> w.dossier().getDocument().get(principal, id));
        long limit = w.settings().maxUploadBytes();
        Function<NewContent, Version> replace = content -> w.dossier().replaceContent().replaceContent(
                new ReplaceContentUseCase.Command(principal, id, content, MetadataChange.NONE, expectation))
                .currentVersion().orElseThrow();
        Version version;
        if (Uploads.isMultipart(ctx)) {
            version = Forms.read(ctx, "file", limit, java.util.Set.of(), (form, file) -> replace.apply(
                    Forms.content(file.orElseThrow(() -> HttpProblem.badRequest("the multipart body has no file part")),
                            Optional.empty(), limit)));
        } else {
            version = Uploads.fromBody(ctx, limit, replace);
        }
        created(ctx, w, id, version);
    }

    /**
     * A new version's answer, with the state of its text. {@code ?waitForSearchConsistency=true}
     * waits (at most 30 s) until the text is made, as the enaio API does by default; here the
     * default is not to wait, so that a write costs what storing it costs.
     */
    private static void created(Context ctx, EndpointContext w, DocumentId id, Version version) {
        Principal principal = w.principal(ctx);
        Optional<Rendition> text = SeedFormats.queryFlag(ctx, "waitForSearchConsistency", false)
                ? w.dossier().renditions().await(principal, id, version.number(), TextRenditions.CONSISTENCY_PATIENCE)
                : w.dossier().renditions().rendition(principal, id, version.number());
        ctx.status(201)
                .header("Location", "/v1/documents/" + id + "/versions/" + version.number().value())
                .header("ETag", ContentResponses.etag(version.content()))
                .json(NativeResponses.VersionJson.of(id, version, text));
    }

    /** A document's JSON with its entity tag, for a later {@code If-Match}. */
    private static void respond(Context ctx, Document document) {
        ctx.header("ETag", Requests.documentTag(document)).json(NativeResponses.DocumentJson.of(document));
    }

    // ---- tags and public tokens ----------------------------------------------------------

    private static void putTag(Context ctx, EndpointContext w) {
        Principal principal = writer(ctx, w);
        DocumentId id = id(ctx);
        String name = ctx.pathParam("name");
        NativeBodies.TagState body = Bodies.read(ctx, NativeBodies.TagState.class, true, Requests.MAX_JSON_BYTES)
                .orElseThrow(() -> HttpProblem.badRequest("send {\"state\": <integer>}"));
        String traceId = Optional.ofNullable(body.traceId()).filter(t -> !t.isBlank())
                .orElseGet(() -> SeedFormats.traceId(ctx));
        Tag tag = w.dossier().tags().tag(new TagDocumentUseCase.Command(principal, id, name, body.state(),
                traceId));
        ctx.json(NativeResponses.TagJson.of(tag));
    }

    private static void issueToken(Context ctx, EndpointContext w) {
        Principal principal = writer(ctx, w);
        DocumentId id = id(ctx);
        Duration lifetime = Bodies.read(ctx, NativeBodies.TokenRequest.class, true, Requests.MAX_JSON_BYTES)
                .map(NativeBodies.TokenRequest::lifetimeSeconds).map(Duration::ofSeconds)
                .orElse(w.settings().publicTokenLifetime());
        PublicTokenUseCase.IssuedToken issued = w.dossier().publicTokens().issue(
                new PublicTokenUseCase.IssueCommand(principal, id, lifetime));
        String signed = w.publicTokens().encode(issued);
        String path = "/v1/public/" + signed;
        ctx.status(201).header("Location", path).json(new NativeResponses.IssuedTokenJson(issued.token().id(),
                signed, issued.token().expiresAt(), w.absoluteUrl(ctx, path)));
    }

    private static void publicDownload(Context ctx, EndpointContext w) {
        if (ctx.header("X-API-Key") != null || ctx.header("Authorization") != null) {
            throw HttpProblem.badRequest("a public download takes the token in the path and no other credential");
        }
        // The token is in the URL: keep it out of caches and out of Referer headers of what the content links to.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        PublicTokenUseCase.Presented token = w.publicTokens().decode(ctx.pathParam("token"), w.clock().instant())
                .orElseThrow(() -> new DocumentException.NotFound("no such public document"));
        ContentResponses.send(ctx, w.dossier().publicTokens().resolve(token));
    }

    // ---- reading requests ----------------------------------------------------------------

    private static DocumentId id(Context ctx) {
        return Requests.documentId(ctx, "id");
    }

    private static VersionNumber versionNumber(Context ctx) {
        return VersionNumber.of(Requests.intParam(ctx, "n"));
    }

    /** The principal, refused before any body is read when it may not write. */
    private static Principal writer(Context ctx, EndpointContext w) {
        Principal principal = w.principal(ctx);
        principal.require(Permission.WRITE);
        return principal;
    }

    private static Visibility visibility(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "public" -> Visibility.PUBLIC;
            case "private" -> Visibility.PRIVATE;
            default -> throw HttpProblem.badRequest("visibility must be public or private, got '"
                    + Requests.shorten(value) + "'");
        };
    }

    private static Map<String, String> properties(String json, ObjectMapper mapper) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return properties(mapper.readTree(json));
        } catch (java.io.IOException e) {
            throw HttpProblem.badRequest("properties must be a JSON object of string values");
        }
    }

    private static Map<String, String> properties(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw HttpProblem.badRequest("properties must be a JSON object of string values");
        }
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw HttpProblem.badRequest("property " + Requests.shorten(field.getKey()) + " must be a string");
            }
            properties.put(field.getKey(), field.getValue().asText());
        }
        return properties;
    }
}
