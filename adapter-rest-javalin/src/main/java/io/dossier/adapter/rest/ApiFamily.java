package io.dossier.adapter.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Optional;

/**
 * One API family, declared once: the path roots it owns, the error dialect its answers speak,
 * and the groups of endpoints that make it up. Both the route wrappers (every handler of the
 * family renders its errors in the family's dialect) and the lookup of a path's dialect (for
 * errors raised before any route ran) come from these declarations.
 *
 * @param roots paths the family owns: the root itself and everything below it
 */
record ApiFamily(String name, ErrorDialect dialect, List<String> roots, List<Endpoints> endpoints) {

    /** A group of endpoints of one family. */
    interface Endpoints {
        void register(Routes routes, EndpointContext context);
    }

    /** Every family of the HTTP API. Paths no family owns (health, OpenAPI) answer in problem details. */
    static final List<ApiFamily> ALL = List.of(
            new ApiFamily("native", ErrorDialect.PROBLEM, List.of("/v1"),
                    List.of(new NativeApi(), new UploadsApi(), new PatientPdfApi.Registration())),
            new ApiFamily("presigned uploads (seeds 000/001)", ErrorDialect.STATUS_CODE, List.of("/document"),
                    List.of(new FileEntryApi())),
            new ApiFamily("enaio-style DMS (seed 002)", ErrorDialect.DMS, List.of("/api/dms"), List.of(new DmsApi())),
            new ApiFamily("project documents (seed 003)", ErrorDialect.ENVELOPE, List.of("/api/v2"),
                    List.of(new ProjectDocumentsApi())),
            new ApiFamily("patient PDFs (seed 004)", ErrorDialect.DETAIL, List.of("/patients"),
                    List.of(new PatientPdfApi())));

    boolean owns(String path) {
        return roots.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
    }

    /** The family a path belongs to, if any. */
    static Optional<ApiFamily> of(String path) {
        return path == null ? Optional.empty() : ALL.stream().filter(family -> family.owns(path)).findFirst();
    }

    /** The dialect errors on this path are rendered in. */
    static ErrorDialect dialectFor(String path) {
        return of(path).map(ApiFamily::dialect).orElse(ErrorDialect.PROBLEM);
    }

    void register(RoutesConfig config, EndpointContext context) {
        Routes routes = new Routes(config, this);
        endpoints.forEach(group -> group.register(routes, context));
    }

    /**
     * The routes of one family: each handler is wrapped once with the family's dialect, and a path
     * outside the family's roots is refused when the server is built.
     */
    static final class Routes {
        private final RoutesConfig config;
        private final ApiFamily family;

        private Routes(RoutesConfig config, ApiFamily family) {
            this.config = config;
            this.family = family;
        }

        private Handler wrapped(String path, Handler handler) {
            if (!family.owns(path)) {
                throw new IllegalStateException(path + " is outside the roots " + family.roots() + " of the "
                        + family.name() + " family");
            }
            ErrorDialect dialect = family.dialect();
            return ctx -> {
                dialect.applyTo(ctx);
                handler.handle(ctx);
            };
        }

        void get(String path, Handler handler) {
            config.get(path, wrapped(path, handler));
        }

        void head(String path, Handler handler) {
            config.head(path, wrapped(path, handler));
        }

        void post(String path, Handler handler) {
            config.post(path, wrapped(path, handler));
        }

        void put(String path, Handler handler) {
            config.put(path, wrapped(path, handler));
        }

        void patch(String path, Handler handler) {
            config.patch(path, wrapped(path, handler));
        }

        void delete(String path, Handler handler) {
            config.delete(path, wrapped(path, handler));
        }
    }
}
