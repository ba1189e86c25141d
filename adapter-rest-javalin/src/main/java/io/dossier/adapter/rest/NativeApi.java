package io.dossier.adapter.rest;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Version;
import io.dossier.domain.Visibility;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.dossier.adapter.rest.Wiring.styled;

/** The native API under {@code /v1}: every use case, errors as RFC 9457 problem details. */
final class NativeApi implements Wiring.Endpoints {

    @Override
    public void register(RoutesConfig routes, Wiring wiring) {
        routes.post("/v1/documents", styled(ApiStyle.PROBLEM, ctx -> create(ctx, wiring)));
        routes.get("/v1/documents/{id}", styled(ApiStyle.PROBLEM, ctx ->
                ctx.json(document(wiring.dossier().getDocument().get(wiring.principal(ctx),
                        Requests.documentId(ctx, "id"))))));
        routes.get("/v1/documents/{id}/content", styled(ApiStyle.PROBLEM, ctx ->
                ContentResponses.send(ctx, wiring.dossier().openContent().openContent(wiring.principal(ctx),
                        Requests.documentId(ctx, "id"), Optional.empty()))));
    }

    private static void create(Context ctx, Wiring wiring) {
        Principal principal = wiring.principal(ctx);
        Uploads.requireMultipart(ctx);
        String name = Optional.ofNullable(ctx.formParam("name")).filter(n -> !n.isBlank())
                .or(() -> Uploads.filePart(ctx, "file").map(f -> f.filename()))
                .orElseThrow(() -> HttpProblem.badRequest("send a name or a file"));
        Metadata metadata = new Metadata(name, Optional.ofNullable(ctx.formParam("description")).orElse(""), Map.of());
        Document created = Uploads.filePart(ctx, "file")
                .map(part -> Uploads.fromPart(part, Optional.empty(), wiring.settings().maxUploadBytes(), content ->
                        wiring.dossier().createDocument().create(new CreateDocumentUseCase.Command(principal,
                                Filing.UNFILED, metadata, Visibility.PRIVATE, Optional.of(content)))))
                .orElseGet(() -> wiring.dossier().createDocument().create(new CreateDocumentUseCase.Command(
                        principal, Filing.UNFILED, metadata, Visibility.PRIVATE, Optional.empty())));
        ctx.status(201).header("Location", "/v1/documents/" + created.id()).json(document(created));
    }

    static Map<String, Object> document(Document d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id().toString());
        body.put("number", d.number());
        body.put("name", d.metadata().name());
        body.put("description", d.metadata().description());
        body.put("properties", d.metadata().properties());
        body.put("visibility", d.visibility().name().toLowerCase());
        body.put("createdAt", d.createdAt());
        body.put("lastModifiedAt", d.lastModifiedAt());
        d.currentVersion().ifPresent(v -> body.put("currentVersion", version(v)));
        return body;
    }

    static Map<String, Object> version(Version v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", v.number().value());
        body.put("fileName", v.content().fileName());
        body.put("mediaType", v.content().mediaType());
        body.put("length", v.content().length());
        body.put("sha256", v.content().sha256());
        body.put("createdAt", v.createdAt());
        body.put("author", Map.of("reference", v.author().reference(), "display", v.author().display()));
        v.basedOn().ifPresent(b -> body.put("basedOn", b.value()));
        v.restoredFrom().ifPresent(r -> body.put("restoredFrom", r.value()));
        return body;
    }
}
