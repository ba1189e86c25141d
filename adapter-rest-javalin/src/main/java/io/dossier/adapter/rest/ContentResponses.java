package io.dossier.adapter.rest;

import io.dossier.application.port.in.VersionContent;
import io.dossier.application.port.out.ContentStore.ByteRange;
import io.dossier.domain.ContentRef;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Streams stored content to a client: ETag (the SHA-256), conditional requests, ranges, a safe
 * file name, no sniffing. Every check that can fail runs before the first header is set, so an
 * error response never carries the headers of the content.
 */
final class ContentResponses {
    private ContentResponses() {
    }

    static void send(Context ctx, VersionContent content) {
        ContentRef ref = content.version().content();
        String etag = etag(ref);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            ctx.header("ETag", etag);
            ctx.status(304);
            return;
        }
        // A Range under an If-Range that does not match is ignored whole: the full content is the answer.
        String ifRange = ctx.header("If-Range");
        Optional<ByteRange> range = ifRange != null && !ifRange.trim().equals(etag)
                ? Optional.empty() : Requests.range(ctx.header("Range"), ref.length());
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Disposition", Requests.contentDisposition("attachment", ref.fileName()));
        ctx.header("X-Dossier-Version", Integer.toString(content.version().number().value()));
        if (ctx.res().getHeader("Cache-Control") == null) {
            // X-API-Key is no Authorization header: without this a shared cache could keep the bytes.
            ctx.header("Cache-Control", "private, no-cache");
        }
        ctx.contentType(ref.mediaType());
        if (range.isPresent()) {
            ByteRange r = range.get();
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + ref.length());
            ctx.header("Content-Length", Long.toString(r.length()));
        } else {
            ctx.status(200);
            ctx.header("Content-Length", Long.toString(ref.length()));
        }
        if (ctx.method().name().equals("HEAD")) {
            return;
        }
        try (InputStream in = content.open(range); OutputStream out = ctx.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("streaming content failed", e);
        }
    }

    /** The strong entity tag of stored content: its quoted SHA-256. */
    static String etag(ContentRef ref) {
        return "\"" + ref.sha256() + "\"";
    }
}
