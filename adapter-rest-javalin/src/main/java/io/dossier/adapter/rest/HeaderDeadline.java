package io.dossier.adapter.rest;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections whose request line and headers take longer than a deadline. Jetty's idle
 * timeout starts again with every byte, so a client that sends its headers a byte a second would
 * hold a connection (and, with enough of them, the server) forever. Jetty has no such limit of
 * its own; this looks at each connection's parser a few times a second.
 */
final class HeaderDeadline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final Server server;
    private final long deadlineNanos;
    /** When each connection was first seen in the middle of a request head. */
    private final Map<EndPoint, Long> receivingSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker;

    HeaderDeadline(Server server, Duration deadline) {
        this.server = server;
        this.deadlineNanos = deadline.toNanos();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dossier-header-deadline");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(500, deadline.toMillis() / 4));
        checker.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            long now = System.nanoTime();
            java.util.Set<EndPoint> open = new java.util.HashSet<>();
            for (Connector connector : server.getConnectors()) {
                if (!(connector instanceof AbstractConnector abstractConnector)) {
                    continue;
                }
                for (EndPoint endPoint : abstractConnector.getConnectedEndPoints()) {
                    open.add(endPoint);
                    // The parser is read from this thread without a lock: a stale state only
                    // delays the verdict to the next look.
                    if (endPoint.getConnection() instanceof HttpConnection http
                            && !http.getParser().isStart() && http.getParser().inHeaderState()) {
                        long since = receivingSince.computeIfAbsent(endPoint, e -> now);
                        if (now - since > deadlineNanos) {
                            LOG.info("closing a connection from {} whose request head took longer than {} ms",
                                    endPoint.getRemoteSocketAddress(), deadlineNanos / 1_000_000);
                            receivingSince.remove(endPoint);
                            endPoint.close();
                        }
                    } else {
                        receivingSince.remove(endPoint);
                    }
                }
            }
            receivingSince.keySet().retainAll(open);
        } catch (RuntimeException e) {
            LOG.warn("checking request heads failed; trying again", e);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
