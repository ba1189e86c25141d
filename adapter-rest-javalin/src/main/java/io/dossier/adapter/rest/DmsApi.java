package io.dossier.adapter.rest;

import io.javalin.http.Handler;
import io.dossier.domain.Rendition;
import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Tag;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/**
 * Seed 002: the enaio-style DMS object API. Object ids are document ids; every answer is
 * {@code {objects:[{properties:{…}, contentStreams:[…], renditions:[…]}]}}; the text rendition of
 * a version is at {@code …/contents/renditions/text} (of the current version) and
 * {@code …/versions/{n}/contents/renditions/text}.
 */
final class DmsApi implements Endpoints {
    static final String REPOSITORY_HEADER = "X-OS-REPOSITORY-ID";
    private static final String OBJECT = "/api/dms/objects/{objectId}";
    private static final int MAX_DATA_BYTES = 256 * 1024;

    @Override
    public void register(FamilyRoutes routes, EndpointContext wiring) {
        routes.post("/api/dms/objects", ctx -> create(ctx, wiring));
        routes.get(OBJECT, ctx -> {
            Principal principal = wiring.principal(ctx);
            Document document = wiring.dossier().getDocument().getWithLandedUploads(principal, objectId(ctx));
            Map<VersionNumber, Rendition> texts = TextRenditions.byVersion(wiring, principal, document);
            ctx.json(objects(List.of(object(document, document.currentVersion(), SeedFormats.traceId(ctx),
                    document.currentVersion().map(v -> texts.get(v.number()))))));
        });
        Handler text = ctx -> {
            Principal principal = wiring.principal(ctx);
            DocumentId id = objectId(ctx);
            VersionNumber number = ctx.pathParamMap().containsKey("versionNumber") ? versionNumber(ctx)
                    : wiring.dossier().getDocument().get(principal, id).currentVersion()
                    .orElseThrow(() -> new DocumentException.NotFound("object " + id + " has no content")).number();
            ContentResponses.send(ctx, wiring.dossier().renditions().text(principal, id, number));
        };
        routes.get(OBJECT + "/contents/renditions/text", text);
        routes.get(OBJECT + "/versions/{versionNumber}/contents/renditions/text", text);
        routes.post(OBJECT + "/contents/file", ctx -> replace(ctx, wiring));
        routes.get(OBJECT + "/contents/file", ctx -> ContentResponses.send(ctx,
                wiring.dossier().content().open(wiring.principal(ctx), objectId(ctx), Optional.empty())));
        routes.get(OBJECT + "/versions", ctx -> {
            Principal principal = wiring.principal(ctx);
            Document document = wiring.dossier().getDocument().getWithLandedUploads(principal, objectId(ctx));
            Map<VersionNumber, Rendition> texts = TextRenditions.byVersion(wiring, principal, document);
            String traceId = SeedFormats.traceId(ctx);
            List<Map<String, Object>> all = new ArrayList<>();
            document.versions().forEach(v -> all.add(object(document, Optional.of(v), traceId,
                    Optional.ofNullable(texts.get(v.number())))));
            ctx.json(objects(all));
        });
        routes.get(OBJECT + "/versions/{versionNumber}", ctx -> {
            Principal principal = wiring.principal(ctx);
            DocumentId id = objectId(ctx);
            VersionNumber number = versionNumber(ctx);
            Document document = wiring.dossier().getDocument().getWithLandedUploads(principal, id);
            Version version = document.version(number).orElseThrow(() -> new DocumentException.NotFound(
                    "version " + number + " of object " + id + " does not exist"));
            ctx.json(objects(List.of(object(document, Optional.of(version), SeedFormats.traceId(ctx),
                    Optional.ofNullable(TextRenditions.byVersion(wiring, principal, document).get(number))))));
        });
        routes.get(OBJECT + "/versions/{versionNumber}/contents/file", ctx -> {
            Principal principal = wiring.principal(ctx);
            DocumentId id = objectId(ctx);
            ContentResponses.send(ctx, wiring.dossier().content().open(principal, id,
                    Optional.of(versionNumber(ctx))));
        });
        routes.get(OBJECT + "/actions/validate/digest", ctx -> validate(ctx, wiring, false));
        routes.get(OBJECT + "/versions/{versionNumber}/actions/validate/digest",
                ctx -> validate(ctx, wiring, true));
        routes.get(OBJECT + "/tags", ctx ->
                ctx.json(tags(wiring.dossier().tags().tags(wiring.principal(ctx), objectId(ctx)))));
        routes.post(OBJECT + "/tags/{name}/state/{state}", ctx -> tag(ctx, wiring));
        routes.delete(OBJECT + "/tags/{name}", ctx -> {
            ctx.json(tags(wiring.dossier().tags().untag(wiring.principal(ctx), objectId(ctx), ctx.pathParam("name"))
                    .tags()));
        });
    }

    // ---- changes -------------------------------------------------------------------------

    /** New content from the raw body: the next version of the object. */
    private static void replace(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        DocumentId id = objectId(ctx);
        boolean consistent = SeedFormats.queryFlag(ctx, "waitForSearchConsistency", true);
        Optional<String> repository = repository(ctx);
        // The document as saved answers: no second read.
        Document saved = Uploads.fromBody(ctx, wiring.settings().maxUploadBytes(), content ->
                wiring.dossier().replaceContent().replaceContent(new ReplaceContentUseCase.Command(principal, id,
                        content.inRepository(repository))));
        ctx.json(objects(List.of(object(saved, saved.currentVersion(), SeedFormats.traceId(ctx),
                currentText(wiring, principal, saved, consistent)))));
    }

    /**
     * A new object from a multipart body: a {@code data} part with
     * {@code {"objects":[{"properties":{…}, "contentStreams":[{"cid":"…"}]}]}} and, optionally, a
     * content part (the one {@code cid} names, else the first file part).
     */
    private static void create(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        boolean consistent = SeedFormats.queryFlag(ctx, "waitForSearchConsistency", true);
        Optional<String> repository = repository(ctx);
        Uploads.requireMultipart(ctx, wiring.settings().maxUploadBytes());
        JsonNode object = dataObject(ctx, wiring);
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<String> name = Optional.empty();
        JsonNode given = object.path("properties");
        if (!given.isMissingNode() && !given.isObject()) {
            throw HttpProblem.badRequest("properties must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getKey().startsWith("system:") || property.getKey().startsWith("enaio:")) {
                continue;
            }
            JsonNode value = property.getValue().isObject() ? property.getValue().get("value") : null;
            if (value == null || !value.isValueNode() || value.isNull()) {
                throw HttpProblem.badRequest("property " + Requests.shorten(property.getKey())
                        + " must be {\"value\": <a string, number or boolean>}");
            }
            if (property.getKey().equals("Name")) {
                name = Optional.of(value.asText());
            } else {
                properties.put(property.getKey(), value.asText());
            }
        }
        Optional<UploadedFile> file = contentPart(ctx, object);
        String documentName = name.or(() -> file.map(UploadedFile::filename).filter(n -> !n.isBlank()))
                .orElseThrow(() -> HttpProblem.badRequest("the object needs a Name property or a content part"));
        Metadata metadata = new Metadata(documentName, "", properties);
        Document created = file.map(part -> Uploads.fromPart(part, Optional.empty(),
                        wiring.settings().maxUploadBytes(), content -> create(wiring, principal, metadata,
                                Optional.of(content.inRepository(repository)))))
                .orElseGet(() -> create(wiring, principal, metadata, Optional.empty()));
        ctx.json(objects(List.of(object(created, created.currentVersion(), SeedFormats.traceId(ctx),
                currentText(wiring, principal, created, consistent)))));
    }

    /**
     * The text rendition of a document's current version as just saved. Waiting (the seed's
     * default), the answer comes once it is made, or after {@link TextRenditions#CONSISTENCY_PATIENCE} with
     * the rendition still pending (then the block is empty, as for any rendition not done).
     */
    static Optional<Rendition> currentText(EndpointContext wiring, Principal principal, Document saved,
                                           boolean wait) {
        if (saved.currentVersion().isEmpty()) {
            return Optional.empty();
        }
        VersionNumber number = saved.currentVersion().get().number();
        if (wait) {
            return wiring.dossier().renditions().await(principal, saved.id(), number, TextRenditions.CONSISTENCY_PATIENCE);
        }
        return Optional.ofNullable(TextRenditions.byVersion(wiring, principal, saved).get(number));
    }

    private static Document create(EndpointContext wiring, Principal principal, Metadata metadata, Optional<NewContent> content) {
        return wiring.dossier().createDocument().create(new CreateDocumentUseCase.Command(principal, Filing.UNFILED,
                metadata, Visibility.PRIVATE, content));
    }

    private static JsonNode dataObject(Context ctx, EndpointContext wiring) {
        byte[] data;
        String field = ctx.formParam("data");
        if (field != null) {
            data = field.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            UploadedFile part = Uploads.filePart(ctx, "data")
                    .orElseThrow(() -> HttpProblem.badRequest("the multipart body needs a data part"));
            if (part.size() > MAX_DATA_BYTES) {
                throw new HttpProblem(413, "the data part is larger than " + MAX_DATA_BYTES + " bytes");
            }
            try (InputStream in = part.content()) {
                data = in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("reading the data part failed", e);
            }
        }
        JsonNode root;
        try {
            root = wiring.json().readTree(data);
        } catch (IOException e) {
            throw HttpProblem.badRequest("the data part is not valid JSON");
        }
        if (root == null || !root.path("objects").isArray() || root.path("objects").size() != 1
                || !root.path("objects").get(0).isObject()) {
            throw HttpProblem.badRequest("the data part must be {\"objects\":[ exactly one object ]}");
        }
        return root.path("objects").get(0);
    }

    private static Optional<UploadedFile> contentPart(Context ctx, JsonNode object) {
        JsonNode streams = object.path("contentStreams");
        if (streams.isArray() && streams.size() > 1) {
            throw HttpProblem.badRequest("an object has at most one content stream");
        }
        String cid = streams.path(0).path("cid").asText("");
        if (!cid.isEmpty()) {
            return Optional.of(Uploads.filePart(ctx, cid).orElseThrow(() ->
                    HttpProblem.badRequest("the multipart body has no part named '" + Requests.shorten(cid) + "'")));
        }
        Optional<UploadedFile> first = ctx.uploadedFileMap().entrySet().stream()
                .filter(e -> !e.getKey().equals("data")).flatMap(e -> e.getValue().stream()).findFirst();
        if (first.isEmpty()) {
            // A content part sent without a file name arrives as a field: refuse it rather than drop it.
            ctx.formParamMap().keySet().stream().filter(name -> !name.equals("data")).findFirst()
                    .ifPresent(Uploads::refuseFieldAsFile);
        }
        return first;
    }

    private static void tag(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        DocumentId id = objectId(ctx);
        String name = ctx.pathParam("name");
        int state;
        try {
            state = Integer.parseInt(ctx.pathParam("state"));
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("state must be an integer, got '" + Requests.shorten(ctx.pathParam("state")) + "'");
        }
        // The enaio rule: without overwrite only a new tag, with it only an existing one.
        TagDocumentUseCase.Overwrite overwrite = SeedFormats.queryFlag(ctx, "overwrite", false)
                ? TagDocumentUseCase.Overwrite.ONLY_EXISTING : TagDocumentUseCase.Overwrite.ONLY_NEW;
        SeedFormats.queryFlag(ctx, "waitForSearchConsistency", true);
        Tag tag = wiring.dossier().tags().tag(new TagDocumentUseCase.Command(principal, id, name, state,
                SeedFormats.traceId(ctx), overwrite));
        ctx.json(tags(List.of(tag)));
    }

    /** Reads the stored bytes again: 200 when they still match the recorded digest, 409 when not. */
    private static void validate(Context ctx, EndpointContext wiring, boolean ofVersion) {
        Principal principal = wiring.principal(ctx);
        DocumentId id = objectId(ctx);
        Optional<VersionNumber> asked = ofVersion ? Optional.of(versionNumber(ctx)) : Optional.empty();
        Document document = wiring.dossier().getDocument().get(principal, id);
        Version version = (asked.isPresent() ? document.version(asked.get()) : document.currentVersion())
                .orElseThrow(() -> new DocumentException.NotFound(asked.isPresent()
                        ? "version " + asked.get() + " of object " + id + " does not exist"
                        : "object " + id + " has no content"));
        if (!wiring.dossier().content().verifyDigest(principal, id, Optional.of(version.number()))) {
            throw new DocumentException.Conflict("the stored content of version " + version.number()
                    + " no longer matches its digest " + version.content().sha256().toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("system:objectId", value(id.toString()));
        properties.put("system:versionNumber", value(version.number().value()));
        properties.put("system:digest", value(version.content().sha256().toUpperCase(java.util.Locale.ROOT)));
        properties.put("system:contentStreamId", value(version.content().contentStreamId()));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("properties", properties);
        object.put("digestValid", true);
        ctx.json(objects(List.of(object)));
    }

    // ---- reading the request -------------------------------------------------------------

    private static DocumentId objectId(Context ctx) {
        return Requests.documentId(ctx, "objectId");
    }

    private static VersionNumber versionNumber(Context ctx) {
        return VersionNumber.of(Requests.intParam(ctx, "versionNumber"));
    }

    private static Optional<String> repository(Context ctx) {
        return Optional.ofNullable(ctx.header(REPOSITORY_HEADER)).map(String::trim).filter(r -> !r.isEmpty());
    }

    // ---- answers -------------------------------------------------------------------------

    static Map<String, Object> objects(List<Map<String, Object>> objects) {
        return Map.of("objects", objects);
    }

    /** One object as of a version (or, without content, as it is). */
    static Map<String, Object> object(Document document, Optional<Version> version, String traceId,
                                      Optional<Rendition> text) {
        Metadata metadata = version.map(Version::metadata).orElse(document.metadata());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("system:objectId", value(document.id().toString()));
        p.put("system:baseTypeId", value("system:document"));
        p.put("system:objectTypeId", value("document"));
        // A retained document carries the records-management type and its dates, as enaio shows them.
        document.keeping().retainUntil().ifPresent(until -> {
            p.put("system:secondaryObjectTypeIds", value(List.of("system:rmDestructionRetention")));
            p.put("system:rmExpirationDate", value(SeedFormats.millis(until)));
            p.put("system:rmDestructionDate", value(SeedFormats.millis(until)));
        });
        p.put("system:createdBy", value(document.createdBy().display()));
        p.put("system:creationDate", value(SeedFormats.millis(document.createdAt())));
        p.put("system:lastModifiedBy", value(version.map(v -> v.author().display())
                .orElse(document.createdBy().display())));
        p.put("system:lastModificationDate", value(SeedFormats.millis(version.map(Version::createdAt)
                .orElse(document.lastModifiedAt()))));
        version.ifPresent(v -> p.put("system:versionNumber", value(v.number().value())));
        p.put("system:tenant", value(document.tenant().value()));
        p.put("system:traceId", value(traceId));
        List<Map<String, Object>> streams = new ArrayList<>();
        version.map(Version::content).ifPresent(c -> {
            p.put("system:contentStreamLength", value(c.length()));
            p.put("enaio:contentStreamMimeType", value(c.mediaType()));
            p.put("system:contentStreamFileName", value(c.fileName()));
            p.put("system:contentStreamId", value(c.contentStreamId()));
            p.put("system:contentStreamRepositoryId", value(c.repositoryId()));
            p.put("system:digest", value(c.sha256().toUpperCase(java.util.Locale.ROOT)));
            streams.add(stream(c));
        });
        p.put("Name", value(metadata.name()));
        metadata.properties().forEach((k, v) -> p.putIfAbsent(k, value(v)));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("properties", p);
        object.put("contentStreams", streams);
        // The seed's shape: only a text that is there; a pending, failed or impossible one is absent.
        object.put("renditions", text.flatMap(Rendition::content).map(c -> {
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("length", c.length());
            stream.put("mimeType", "text/plain");
            stream.put("fileName", c.fileName());
            Map<String, Object> rendition = new LinkedHashMap<>();
            rendition.put("mimeType", "text/plain");
            rendition.put("kind", Rendition.KIND);
            rendition.put("contentStream", stream);
            return List.of(rendition);
        }).orElse(List.of()));
        return object;
    }

    private static Map<String, Object> stream(ContentRef c) {
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("length", c.length());
        stream.put("mimeType", c.mediaType());
        stream.put("fileName", c.fileName());
        stream.put("digest", c.sha256().toUpperCase(java.util.Locale.ROOT));
        stream.put("contentStreamId", c.contentStreamId());
        stream.put("repositoryId", c.repositoryId());
        return stream;
    }

    private static Map<String, Object> tags(List<Tag> tags) {
        List<List<Object>> rows = new ArrayList<>();
        for (Tag tag : tags) {
            rows.add(List.of(tag.name(), tag.state(), SeedFormats.millis(tag.createdAt()), tag.traceId()));
        }
        return objects(List.of(Map.of("properties", Map.of("system:tags", value(rows)))));
    }

    private static Map<String, Object> value(Object value) {
        return Map.of("value", value);
    }
}
