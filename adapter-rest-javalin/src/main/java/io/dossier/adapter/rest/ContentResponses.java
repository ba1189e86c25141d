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

/** Streams stored content to a client: ETag (the SHA-256), ranges, a safe file name, no sniffing. */
final class ContentResponses {
    private ContentResponses() {
    }

    static void send(Context ctx, VersionContent content) {
        ContentRef ref = content.version().content();
        String etag = "\"" + ref.sha256() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Disposition", Requests.contentDisposition("attachment", ref.fileName()));
        ctx.header("X-Dossier-Version", Integer.toString(content.version().number().value()));
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            ctx.status(304);
            return;
        }
        Optional<ByteRange> range = Requests.range(ctx.header("Range"), ref.length());
        String ifRange = ctx.header("If-Range");
        if (range.isPresent() && ifRange != null && !ifRange.equals(etag)) {
            range = Optional.empty();
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
}
