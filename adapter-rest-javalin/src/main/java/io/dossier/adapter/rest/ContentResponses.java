package io.dossier.adapter.rest;

import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.ByteRange;
import io.dossier.domain.ContentRef;
import io.dossier.domain.DocumentException;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Streams stored content to a client: ETag (the SHA-256), conditional requests, ranges, a safe
 * file name, no sniffing. Every check that can fail runs before the first header is set, so an
 * error response never carries the headers of the content.
 */
final class ContentResponses {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContentResponses.class);
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
        try (in) {
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
                copy(ctx, in);
            }
        } catch (IOException e) {
            // Closing what the store gave us failed: the response is complete already.
            LOG.debug("closing the content stream of {} failed", ctx.path(), e);
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

    /**
     * Streams the bytes. After the status is sent nothing can change it: a client that goes away
     * is no incident (logged at debug), and a store that fails midway cuts the response short, so
     * that the client sees a body shorter than its Content-Length and not a complete-looking one.
     */
    private static void copy(Context ctx, InputStream in) {
        OutputStream out;
        try {
            out = ctx.outputStream();
        } catch (RuntimeException e) {
            return;
        }
        // Filled before each write (the store's client hands out 8 KiB a read): fewer, larger writes.
        byte[] buffer = new byte[256 * 1024];
        while (true) {
            int n;
            try {
                n = in.readNBytes(buffer, 0, buffer.length);
            } catch (IOException | RuntimeException e) {
                // Returning with fewer bytes than announced makes the server abort the connection.
                LOG.warn("the store failed while {} was being sent; the response is cut short: {}", ctx.path(),
                        e.toString());
                return;
            }
            if (n == 0) {
                break;
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException | RuntimeException e) {
                LOG.debug("the client of {} went away", ctx.path());
                return;
            }
        }
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("the client of {} went away", ctx.path());
        }
    }

    /** The strong entity tag of stored content: its quoted SHA-256. */
    static String etag(ContentRef ref) {
        return "\"" + ref.sha256() + "\"";
    }
}
