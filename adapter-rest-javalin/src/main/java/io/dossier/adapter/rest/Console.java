package io.dossier.adapter.rest;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: one page and its script and style, served from this jar at {@code /} and
 * {@code /console/*}. It is a client of the public API like any other (see docs/adr/0009); the
 * files are read once, at start.
 */
final class Console {
    /**
     * Scripts and styles of this origin only; the page may talk to any store it is handed a
     * presigned form for, and may not be framed.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' http: https:; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'; object-src 'none'";

    private record Asset(byte[] bytes, String type) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "index.html", load("index.html", "text/html; charset=utf-8"),
            "console.js", load("console.js", "text/javascript; charset=utf-8"),
            "console.css", load("console.css", "text/css; charset=utf-8"));

    private Console() {
    }

    private static Asset load(String name, String type) {
        try (InputStream in = Console.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void page(Context ctx) {
        serve(ctx, "index.html");
    }

    static void asset(Context ctx) {
        serve(ctx, ctx.pathParam("file"));
    }

    private static void serve(Context ctx, String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw new HttpProblem(404, "the console has no file " + name);
        }
        // Revalidated on every load, so that an upgraded service never runs yesterday's script.
        ctx.header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .contentType(asset.type())
                .result(asset.bytes());
    }
}
