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
 * Closes the connections of clients that send too slowly. Jetty's idle timeout starts again with
 * every byte, so a client that sends a byte every few seconds would hold its connection for ever,
 * and while it sends a body it also holds a request thread, since bodies are read blocking: a few
 * hundred such clients would leave none for anybody else. Two limits, neither of them Jetty's own
 * (its minimum-rate handler counts the bytes of all requests together), checked by looking at each
 * connection's parser a few times a second:
 *
 * <ul>
 *   <li>a request's line and headers must arrive within a deadline;</li>
 *   <li>while the server waits for a request's body, the body must arrive at a minimum rate: it
 *       may wait an allowance plus one second for each {@code minBodyRate} bytes
 *       received. Only time the server spends waiting for the client counts (the connection is
 *       interested in reading), not time in which the server is busy, say sending the bytes to a
 *       slow store and so not reading.</li>
 * </ul>
 */
final class SlowClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);

    private final Server server;
    private final long deadlineNanos;
    private final long minBodyRate;
    private final long allowanceNanos;
    /** When each connection was first seen in the middle of a request head. */
    private final Map<EndPoint, Long> receivingSince = new ConcurrentHashMap<>();
    /** Each connection seen in the middle of a request body. */
    private final Map<EndPoint, Body> bodies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker;

    /**
     * {@code minBodyRate} in bytes a second (0 lets bodies arrive as slowly as the idle timeout
     * allows); {@code bodyAllowance} is the waiting every body gets before its rate counts.
     */
    SlowClients(Server server, Duration deadline, long minBodyRate, Duration bodyAllowance) {
        this.server = server;
        this.deadlineNanos = deadline.toNanos();
        this.minBodyRate = minBodyRate;
        this.allowanceNanos = bodyAllowance.toNanos();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dossier-slow-clients");
            thread.setDaemon(true);
            return thread;
        });
        long shortest = Math.min(deadline.toMillis(), bodyAllowance.toMillis());
        long period = Math.max(50, Math.min(500, shortest / 4));
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
                    if (!(endPoint.getConnection() instanceof HttpConnection http)) {
                        continue;
                    }
                    // The parser is read from this thread without a lock: a stale state only
                    // delays the verdict to the next look.
                    if (!http.getParser().isStart() && http.getParser().inHeaderState()) {
                        bodies.remove(endPoint);
                        long since = receivingSince.computeIfAbsent(endPoint, e -> now);
                        if (now - since > deadlineNanos) {
                            LOG.info("closing a connection from {} whose request head took longer than {} ms",
                                    endPoint.getRemoteSocketAddress(), deadlineNanos / 1_000_000);
                            receivingSince.remove(endPoint);
                            endPoint.close();
                        }
                        continue;
                    }
                    receivingSince.remove(endPoint);
                    if (minBodyRate > 0 && http.getParser().inContentState()) {
                        Body body = bodies.computeIfAbsent(endPoint, e -> new Body(http.getBytesIn(), now));
                        if (body.tooSlow(http.isFillInterested(), http.getBytesIn(), now)) {
                            LOG.info("closing a connection from {} whose request body came slower than {} bytes/s",
                                    endPoint.getRemoteSocketAddress(), minBodyRate);
                            bodies.remove(endPoint);
                            endPoint.close();
                        }
                    } else {
                        bodies.remove(endPoint);
                    }
                }
            }
            receivingSince.keySet().retainAll(open);
            bodies.keySet().retainAll(open);
        } catch (RuntimeException e) {
            LOG.warn("checking slow clients failed; trying again", e);
        }
    }

    /** One request body: how many bytes had arrived before it, and how long the server has waited for it. */
    private final class Body {
        private final long bytesBefore;
        private long lastLook;
        private long waitedNanos;

        Body(long bytesBefore, long now) {
            this.bytesBefore = bytesBefore;
            this.lastLook = now;
        }

        /** Only the checker's thread calls this. */
        boolean tooSlow(boolean waiting, long bytesIn, long now) {
            if (waiting) {
                waitedNanos += now - lastLook;
            }
            lastLook = now;
            long received = Math.max(0, bytesIn - bytesBefore);
            double earned = (double) received / minBodyRate * 1e9;
            return waitedNanos > allowanceNanos + earned;
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
