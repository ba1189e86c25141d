package io.dossier.adapter.rest;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes stored content to a client as fast as the client takes it, with the servlet's
 * non-blocking output: the server calls back whenever the connection can take more, and a thread
 * reads from the store and writes only while it can. A client that stalls holds its buffer and
 * its connection to the store, but no thread (on a JDK without virtual threads each would
 * otherwise pin one of the pool's).
 *
 * <p>After the status is sent nothing can change it: a client that goes away is no incident
 * (logged at debug), and a store that fails midway cuts the response short, so that the client
 * sees a body shorter than its Content-Length and not a complete-looking one.
 */
final class ContentWriter implements WriteListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContentWriter.class);
    /**
     * Each write's buffer is filled first (the store's client hands out 8 KiB a read): fewer,
     * larger writes. A client that stalls pins the buffer of its last write, so a download starts
     * with a small one and takes the large one only once its client has shown it reads fast; the
     * large one costs a fifth less CPU per byte (performance.md).
     */
    static final int SMALL_BUFFER_BYTES = 64 * 1024;
    static final int LARGE_BUFFER_BYTES = 256 * 1024;
    /** Fast: this many bytes sent, at this average rate since the start. */
    private static final long FAST_AFTER_BYTES = 4L << 20;
    private static final long FAST_BYTES_PER_SECOND = 64L << 20;

    private final InputStream in;
    private final ServletOutputStream out;
    private final String path;
    private final Map<String, String> logContext;
    private final long started = System.nanoTime();
    private byte[] buffer = new byte[SMALL_BUFFER_BYTES];
    private long sent;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The store's stream has ended; the last write may still be under way. */
    private boolean drained;

    private ContentWriter(InputStream in, ServletOutputStream out, String path, Map<String, String> logContext) {
        this.in = in;
        this.out = out;
        this.path = path;
        this.logContext = logContext;
    }

    /**
     * Starts writing {@code in} (which it closes) as the body of {@code ctx}'s response, whose
     * status and headers are set; completes when the body is written or cannot be. Called once the
     * request is asynchronous ({@link Context#future}).
     */
    static CompletableFuture<Void> start(Context ctx, InputStream in) {
        ServletOutputStream out;
        try {
            out = ctx.res().getOutputStream();
        } catch (IOException | RuntimeException e) {
            close(in, ctx.path());
            return CompletableFuture.completedFuture(null);
        }
        ContentWriter writer = new ContentWriter(in, out, ctx.path(), MDC.getCopyOfContextMap());
        out.setWriteListener(writer);
        return writer.done;
    }

    @Override
    public void onWritePossible() {
        // The request's log context, on whichever thread the server calls back.
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try {
            while (out.isReady()) {
                if (drained) {
                    finish();
                    return;
                }
                // The last write is done (the connection is ready), so its buffer may be let go.
                if (buffer.length < LARGE_BUFFER_BYTES && sent >= FAST_AFTER_BYTES
                        && sent * 1_000_000_000.0 / Math.max(1, System.nanoTime() - started) >= FAST_BYTES_PER_SECOND) {
                    buffer = new byte[LARGE_BUFFER_BYTES];
                }
                int n;
                try {
                    n = in.readNBytes(buffer, 0, buffer.length);
                } catch (IOException | RuntimeException e) {
                    // Completing with fewer bytes than announced makes the server abort the connection.
                    LOG.warn("the store failed while {} was being sent; the response is cut short: {}", path,
                            e.toString());
                    finish();
                    return;
                }
                if (n == 0) {
                    drained = true;
                } else {
                    out.write(buffer, 0, n);
                    sent += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("the client of {} went away", path);
            finish();
        } finally {
            MDC.clear();
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("the client of {} went away: {}", path, failure.toString());
        finish();
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            close(in, path);
            done.complete(null);
        }
    }

    static void close(InputStream in, String path) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing the content stream of {} failed", path, e);
        }
    }
}
