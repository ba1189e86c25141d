package io.dossier.adapter.rest;

import io.dossier.application.port.in.KeepRecordsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.javalin.http.Context;

/**
 * Records under {@code /v1}: a document's retention and legal hold, and the trash that deleting
 * moves documents into. Described in {@code openapi/native.json}.
 */
final class RecordsApi implements Endpoints {

    @Override
    public void register(FamilyRoutes routes, EndpointContext w) {
        routes.put("/v1/documents/{id}/retention", ctx -> {
            Principal principal = w.principal(ctx);
            NativeBodies.Retention body = Bodies.read(ctx, NativeBodies.Retention.class, true, Requests.MAX_JSON_BYTES)
                    .orElseThrow(() -> HttpProblem.badRequest("send {\"retainUntil\": \"2036-01-01T00:00:00Z\"}"));
            answer(ctx, w.dossier().keepRecords().retain(new KeepRecordsUseCase.Retain(principal, id(ctx),
                    body.retainUntil())));
        });
        routes.put("/v1/documents/{id}/legal-hold", ctx -> {
            Principal principal = w.principal(ctx);
            NativeBodies.LegalHold body = Bodies.read(ctx, NativeBodies.LegalHold.class, true, Requests.MAX_JSON_BYTES)
                    .orElseThrow(() -> HttpProblem.badRequest("send {\"reason\": \"…\"}"));
            answer(ctx, w.dossier().keepRecords().placeLegalHold(new KeepRecordsUseCase.Hold(principal, id(ctx),
                    body.reason())));
        });
        routes.delete("/v1/documents/{id}/legal-hold", ctx ->
                answer(ctx, w.dossier().keepRecords().liftLegalHold(w.principal(ctx), id(ctx))));
        routes.get("/v1/trash", ctx -> {
            Principal principal = w.principal(ctx);
            SearchRequests.requireKnown(ctx, java.util.Set.of("offset", "limit"));
            int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Requests.queryInt(ctx, "limit", NativeApi.DEFAULT_PAGE_SIZE, 1, NativeApi.MAX_PAGE_SIZE);
            KeepRecordsUseCase.Trash trash = w.dossier().keepRecords().trash(principal, offset, limit);
            ctx.json(new NativeResponses.Page<>(trash.items().stream().map(NativeResponses.DocumentJson::of).toList(),
                    offset, limit, trash.total()));
        });
        routes.post("/v1/trash/{id}/restore", ctx ->
                answer(ctx, w.dossier().keepRecords().restoreFromTrash(w.principal(ctx), id(ctx))));
    }

    private static void answer(Context ctx, Document document) {
        ctx.header("ETag", Requests.documentTag(document)).json(NativeResponses.DocumentJson.of(document));
    }

    private static DocumentId id(Context ctx) {
        return Requests.documentId(ctx, "id");
    }
}
