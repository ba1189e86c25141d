package io.dossier.adapter.rest;

import io.javalin.config.RoutesConfig;

import java.util.List;
import java.util.Optional;

/**
 * Every API family of the HTTP API, each declared once with the groups of endpoints that make it
 * up. Both the route wrappers and the lookup of a path's dialect (for errors raised before any
 * route ran) come from these declarations. Paths no family owns (health, OpenAPI) answer in
 * problem details.
 */
final class Families {
    /** A family and its endpoints. */
    record Declared(ApiFamily family, List<Endpoints> endpoints) {
    }

    static final List<Declared> ALL = List.of(
            new Declared(new ApiFamily("native", ErrorDialect.PROBLEM, List.of("/v1")),
                    List.of(new NativeApi(), new UploadsApi(), new TusApi(), new RecordsApi(), new AuditApi(),
                            new PatientPdfApi.Registration())),
            new Declared(new ApiFamily("presigned uploads (seeds 000/001)", ErrorDialect.STATUS_CODE,
                    List.of("/document")), List.of(new FileEntryApi())),
            new Declared(new ApiFamily("enaio-style DMS (seed 002)", ErrorDialect.DMS, List.of("/api/dms")),
                    List.of(new DmsApi())),
            new Declared(new ApiFamily("project documents (seed 003)", ErrorDialect.ENVELOPE, List.of("/api/v2")),
                    List.of(new ProjectDocumentsApi())),
            new Declared(new ApiFamily("patient PDFs (seed 004)", ErrorDialect.DETAIL, List.of("/patients")),
                    List.of(new PatientPdfApi())));

    private Families() {
    }

    /** The family a path belongs to, if any. */
    static Optional<ApiFamily> of(String path) {
        return ALL.stream().map(Declared::family).filter(family -> family.owns(path)).findFirst();
    }

    /** The dialect errors on this path are rendered in. */
    static ErrorDialect dialectFor(String path) {
        return of(path).map(ApiFamily::dialect).orElse(ErrorDialect.PROBLEM);
    }

    static void register(RoutesConfig config, EndpointContext context) {
        for (Declared declared : ALL) {
            FamilyRoutes routes = new FamilyRoutes(config, declared.family());
            declared.endpoints().forEach(group -> group.register(routes, context));
        }
    }
}
