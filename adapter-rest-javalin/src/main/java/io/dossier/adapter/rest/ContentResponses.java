package io.dossier.adapter.rest;

import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.ByteRange;
import io.dossier.domain.ContentRef;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;

import java.io.InputStream;
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
        // The content is opened before any header or status is set: a document deleted meanwhile
        // is still a 404, an unreachable store a 503, never a 200 that breaks off.
        boolean head = ctx.method().name().equals("HEAD");
        InputStream in = head ? InputStream.nullInputStream() : open(content, range);
        boolean handedOn = false;
        try {
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
            if (!head) {
                // Written as the client takes it, without a thread waiting for a slow client.
                ctx.future(() -> ContentWriter.start(ctx, in));
                handedOn = true;
            }
        } finally {
            if (!handedOn) {
                ContentWriter.close(in, ctx.path());
            }
        }
    }

    private static InputStream open(VersionContent content, Optional<ByteRange> range) {
        try {
            return content.open(range);
        } catch (DocumentException.NotFound e) {
            // The object went with its document (a delete that raced this read): say so, not where it was.
            throw new DocumentException.NotFound("the content of version " + content.version().number()
                    + " is no longer there: the document was deleted meanwhile");
        }
    }

    /** The strong entity tag of stored content: its quoted SHA-256. */
    static String etag(ContentRef ref) {
        return "\"" + ref.sha256() + "\"";
    }
}
