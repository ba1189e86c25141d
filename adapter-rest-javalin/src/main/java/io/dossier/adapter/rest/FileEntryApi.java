package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/**
 * Seeds 000/001: FHIR-flavoured file entries whose content the client posts straight to the
 * store with presigned form credentials. Errors as {statusCode, message, error}.
 */
final class FileEntryApi implements Endpoints {

    @Override
    public void register(FamilyRoutes routes, EndpointContext wiring) {
        routes.post("/document", ctx -> issue(ctx, wiring, false));
        routes.post("/document/{id}", ctx -> issue(ctx, wiring, true));
        routes.get("/document/{id}", ctx -> read(ctx, wiring));
        routes.get("/document/{id}/content", ctx ->
                ContentResponses.send(ctx, wiring.dossier().content().open(wiring.principal(ctx),
                        id(ctx), Optional.empty())));
    }

    /** Upload credentials: for a new document, or to replace the content of an existing one. */
    private static void issue(Context ctx, EndpointContext wiring, boolean replace) {
        Principal principal = wiring.principal(ctx);
        Optional<DocumentId> id = replace ? Optional.of(id(ctx)) : Optional.empty();
        FileEntryRequest body = Bodies.read(ctx, FileEntryRequest.class, false, SeedFormats.MAX_JSON_BYTES)
                .orElseThrow(() -> HttpProblem.badRequest("the body must be a JSON object, got nothing"));
        String fileName = body.fileName();
        // A name names the new document (else its file name does); a replacement keeps its name.
        Optional<String> name = Optional.ofNullable(body.name());
        if (replace && name.isPresent()) {
            throw new DocumentException.InvalidInput("name is for a new document; a new upload keeps the document's name");
        }
        String contentType = body.contentType();
        Optional<Visibility> visibility = SeedFormats.flexibleBoolean(body.isPublic())
                .map(isPublic -> isPublic ? Visibility.PUBLIC : Visibility.PRIVATE);
        if (!replace && visibility.isEmpty()) {
            visibility = Optional.of(Visibility.PRIVATE);
        }
        Expectation expectation = expectation(ctx, body, () -> id.map(d -> wiring.dossier().getDocument()
                .get(principal, d)).orElseThrow(() -> new DocumentException.PreconditionFailed(
                        "If-Match names a document, and a new upload has none yet")));
        IssueUploadUseCase.IssuedUpload issued = wiring.dossier().issueUpload().issueUpload(
                new IssueUploadUseCase.Command(principal, id, Filing.UNFILED, fileName, contentType, visibility,
                        expectation, Optional.empty(), wiring.settings().maxUploadBytes(), name));
        ctx.status(200).json(FileEntry.of(issued.document(), issued.ticket().fileName(), issued.ticket().mediaType())
                .issued(new UploadOptions(issued.form().url().toString(), issued.form().fields()),
                        issued.publicToken().map(wiring.publicTokens()::encode).orElse(null), issued.ticket().id()));
    }

    /** The entry as it is now (a landed upload already counts), with a download URL once it has content. */
    private static void read(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        Document document = wiring.dossier().getDocument().getWithLandedUploads(principal, id(ctx));
        Optional<Version> current = document.currentVersion();
        FileEntry entry = FileEntry.of(document,
                current.map(v -> v.content().fileName()).orElse(document.metadata().name()),
                current.map(v -> v.content().mediaType()).orElse(null));
        if (current.isPresent()) {
            entry = entry.withContent(wiring.absoluteUrl(ctx, "/document/" + document.id() + "/content"),
                    current.get().number().value());
        }
        // What became of the last upload: a refused one says why, instead of leaving no trace.
        Optional<UploadState> upload = wiring.dossier().completeUpload().lastUpload(principal, document.id())
                .map(t -> new UploadState(t.id(), t.state().name().toLowerCase(java.util.Locale.ROOT),
                        t.failure().orElse(null)));
        ctx.json(upload.isPresent() ? entry.withUpload(upload.get()) : entry);
    }

    // ---- answers: FHIR-flavoured file entries (absent parts are left out) --------------------

    record Meta(String lastUpdated) {
    }

    record EntryAuthor(String reference, String display) {
    }

    record UploadOptions(String url, Map<String, String> fields) {
    }

    record UploadState(String uploadId, String state, String failure) {
    }

    record FileEntry(String id, Meta meta, String lastUpdated, EntryAuthor author, String fileName,
                     String contentType, boolean isPublic, UploadOptions uploadOptions, String publicToken,
                     String uploadId, String url, Integer version, UploadState upload) {
        static FileEntry of(Document document, String fileName, String contentType) {
            String lastUpdated = SeedFormats.millis(document.lastModifiedAt());
            return new FileEntry(document.id().toString(), new Meta(lastUpdated), lastUpdated,
                    new EntryAuthor(document.createdBy().reference(), document.createdBy().display()), fileName,
                    contentType, document.visibility() == Visibility.PUBLIC, null, null, null, null, null, null);
        }

        FileEntry issued(UploadOptions options, String token, String ticket) {
            return new FileEntry(id, meta, lastUpdated, author, fileName, contentType, isPublic, options, token,
                    ticket, url, version, upload);
        }

        FileEntry withContent(String contentUrl, int versionNumber) {
            return new FileEntry(id, meta, lastUpdated, author, fileName, contentType, isPublic, uploadOptions,
                    publicToken, uploadId, contentUrl, versionNumber, upload);
        }

        FileEntry withUpload(UploadState state) {
            return new FileEntry(id, meta, lastUpdated, author, fileName, contentType, isPublic, uploadOptions,
                    publicToken, uploadId, url, version, state);
        }
    }

    /** The document ids of this API are opaque strings: one that is not ours is simply not found. */
    private static DocumentId id(Context ctx) {
        String value = ctx.pathParam("id");
        try {
            return DocumentId.parse(value);
        } catch (DocumentException.InvalidInput e) {
            throw new DocumentException.NotFound("document " + Requests.shorten(value) + " does not exist");
        }
    }

    /**
     * If-Match (read by the one parser of every family: the content's SHA-256 or the document's
     * revision tag the client saw) and/or a {@code version} number in the body.
     */
    private static Expectation expectation(Context ctx, FileEntryRequest body,
                                           java.util.function.Supplier<Document> current) {
        Expectation fromHeader = Requests.ifMatch(ctx, current);
        if (body.version() == null) {
            return fromHeader;
        }
        return new Expectation(Optional.of(VersionNumber.of(body.version())), fromHeader.sha256(),
                fromHeader.revision());
    }

    /**
     * What a seed 000/001 client posts. {@code isPublic} is a boolean or the string "true" /
     * "false", as the seed's clients send either; {@code version} guards a replacement.
     */
    record FileEntryRequest(@jakarta.validation.constraints.NotNull String fileName,
                            @jakarta.validation.constraints.NotNull String contentType, JsonNode isPublic,
                            @jakarta.validation.constraints.Positive Integer version, String name) {
    }
}
