package io.dossier.adapter.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * The routes of one family: each handler is wrapped once with the family's dialect, and a path
 * outside the family's roots is refused when the server is built.
 */
final class FamilyRoutes {
    private final RoutesConfig config;
    private final ApiFamily family;

    FamilyRoutes(RoutesConfig config, ApiFamily family) {
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

    void options(String path, Handler handler) {
        config.options(path, wrapped(path, handler));
    }

    void delete(String path, Handler handler) {
        config.delete(path, wrapped(path, handler));
    }
}
