package io.dossier.adapter.rest;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.MetadataChange;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Version;
import io.dossier.domain.Visibility;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;


/**
 * Seed 003: documents filed in a client's project, addressed by integer ids (the document id is
 * the document's number). Errors as {status:"error", code, message, details}.
 */
final class ProjectDocumentsApi implements Endpoints {
    /** The media types this API takes. */
    static final List<String> ACCEPTED_TYPES = List.of("image/", "application/", "text/", "video/");
    static final String FOLDER_ID = "folderId";
    static final String PARENT_UUID = "parentUuid";
    private static final String PROJECT = "/api/v2/clients/{client_id}/dms/projects/{project_id}";
    private static final String DOCUMENT = PROJECT + "/documents/{document_id}";

    @Override
    public void register(FamilyRoutes routes, EndpointContext wiring) {
        routes.post(PROJECT + "/documents", ctx -> create(ctx, wiring));
        routes.post(DOCUMENT, ctx -> update(ctx, wiring));
        routes.put(DOCUMENT, ctx -> update(ctx, wiring));
        routes.get(DOCUMENT, ctx -> {
            Principal principal = wiring.principal(ctx);
            ctx.json(body(find(ctx, wiring, principal, project(ctx, principal))));
        });
        routes.get(DOCUMENT + "/file", ctx -> {
            Principal principal = wiring.principal(ctx);
            Document document = find(ctx, wiring, principal, project(ctx, principal));
            ContentResponses.send(ctx, wiring.dossier().content().open(principal, document.id(),
                    Optional.empty()));
        });
    }

    private static void create(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        Filing.Project project = project(ctx, principal);
        long limit = wiring.settings().maxUploadBytes();
        Document created = Forms.read(ctx, "file", limit, java.util.Set.of(), (form, file) -> {
            MetadataChange change = change(form);
            NewContent content = Forms.content(file.orElseThrow(() -> HttpProblem.badRequest("file is required")),
                    Optional.empty(), limit);
            Metadata metadata = change.applyTo(Metadata.named(change.name().orElse(content.fileName())));
            return wiring.dossier().createDocument().create(new CreateDocumentUseCase.Command(principal, project,
                    metadata, Visibility.PRIVATE, Optional.of(accepted(content))));
        });
        ctx.status(201).header("Location", location(project, created)).json(body(created));
    }

    /**
     * POST, PUT, or POST with {@code X-HTTP-Method-Override: PUT}: a new version, with new content
     * when a file is sent, else with the changed metadata only.
     */
    private static void update(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        String override = ctx.header("X-HTTP-Method-Override");
        if (override != null && !override.trim().equalsIgnoreCase("PUT")) {
            throw HttpProblem.badRequest("X-HTTP-Method-Override must be PUT, got '" + Requests.shorten(override) + "'");
        }
        Filing.Project project = project(ctx, principal);
        Document document = find(ctx, wiring, principal, project);
        long limit = wiring.settings().maxUploadBytes();
        Document updated = Forms.read(ctx, "file", limit, java.util.Set.of(), (form, file) -> {
            MetadataChange change = change(form);
            if (file.isPresent()) {
                return wiring.dossier().replaceContent().replaceContent(new ReplaceContentUseCase.Command(principal,
                        document.id(), accepted(Forms.content(file.get(), Optional.empty(), limit)), change,
                        Expectation.NONE));
            }
            if (change.isEmpty()) {
                throw HttpProblem.badRequest("send a file or at least one of folderId, parentUuid, name, description");
            }
            return wiring.dossier().updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(principal,
                    document.id(), change, Optional.empty(), Expectation.NONE));
        });
        ctx.status(201).header("Location", location(project, updated)).json(body(updated));
    }

    private static NewContent accepted(NewContent content) {
        return content.accepting(ACCEPTED_TYPES, true);
    }

    // ---- reading the request -------------------------------------------------------------

    /** The project of the path, refused (403) when the principal may not reach its client. */
    private static Filing.Project project(Context ctx, Principal principal) {
        Filing.Project project = new Filing.Project(Requests.number(ctx, "client_id"),
                Requests.number(ctx, "project_id"));
        principal.requireReach(project);
        return project;
    }

    /** The document of the path; one filed elsewhere does not exist here. */
    private static Document find(Context ctx, EndpointContext wiring, Principal principal, Filing.Project project) {
        long number = Requests.number(ctx, "document_id");
        Document document = wiring.dossier().getDocument().getByNumber(principal, number);
        if (!document.filing().equals(project)) {
            throw new DocumentException.NotFound("document " + number + " does not exist in project "
                    + project.projectId() + " of client " + project.clientId());
        }
        return document;
    }

    /** name, description, folderId (an integer) and parentUuid (a UUID), checked before any byte is stored. */
    private static MetadataChange change(Forms.Fields form) {
        Optional<String> name = form.get("name");
        Optional<String> description = form.get("description");
        Map<String, String> properties = new LinkedHashMap<>();
        form.get(FOLDER_ID).filter(v -> !v.isBlank()).ifPresent(v -> {
            try {
                long folder = Long.parseLong(v.trim());
                if (folder < 0) {
                    throw new NumberFormatException();
                }
                properties.put(FOLDER_ID, Long.toString(folder));
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("folderId must be a non-negative integer, got '" + Requests.shorten(v) + "'");
            }
        });
        form.get(PARENT_UUID).filter(v -> !v.isBlank()).ifPresent(v -> {
            try {
                if (v.trim().length() != 36) {
                    throw new IllegalArgumentException();
                }
                properties.put(PARENT_UUID, UUID.fromString(v.trim()).toString().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("parentUuid must be a UUID, got '" + Requests.shorten(v) + "'");
            }
        });
        MetadataChange change = new MetadataChange(name, description, properties);
        // The model's rules for names and descriptions, applied now so that nothing is stored for a bad one.
        change.applyTo(Metadata.named("check"));
        return change;
    }

    // ---- answers -------------------------------------------------------------------------

    private static String location(Filing.Project project, Document document) {
        return "/api/v2/clients/" + project.clientId() + "/dms/projects/" + project.projectId() + "/documents/"
                + document.number();
    }

    /** A project document as this API shows it; the parts a document lacks are left out. */
    record ProjectDocument(long id, String uuid, Long clientId, Long projectId, String name, String description,
                           Long folderId, String parentUuid, Integer version, String fileName, String mimeType,
                           Long size, String sha256, List<Integer> versions, String createdAt, String updatedAt) {
    }

    static ProjectDocument body(Document document) {
        Optional<Filing.Project> project = document.filing() instanceof Filing.Project p ? Optional.of(p)
                : Optional.empty();
        Optional<Version> current = document.currentVersion();
        Map<String, String> properties = document.metadata().properties();
        return new ProjectDocument(document.number(), document.id().toString(),
                project.map(Filing.Project::clientId).orElse(null), project.map(Filing.Project::projectId).orElse(null),
                document.metadata().name(), document.metadata().description(),
                Optional.ofNullable(properties.get(FOLDER_ID)).map(Long::parseLong).orElse(null),
                properties.get(PARENT_UUID),
                current.map(v -> v.number().value()).orElse(null), current.map(v -> v.content().fileName()).orElse(null),
                current.map(v -> v.content().mediaType()).orElse(null), current.map(v -> v.content().length()).orElse(null),
                current.map(v -> v.content().sha256()).orElse(null),
                document.versions().stream().map(v -> v.number().value()).toList(),
                SeedFormats.seconds(document.createdAt()), SeedFormats.seconds(document.lastModifiedAt()));
    }
}
