package io.dossier.adapter.persistence;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the other instances on this database what changed here, and evicts what they say
 * changed there, by PostgreSQL's {@code LISTEN}/{@code NOTIFY}. Announced after the change
 * committed and apart from it: a notification inside the writing transaction would serialise
 * every commit of the database on the notification queue's lock. One thread listens on a
 * connection of its own; another sends what piled up meanwhile as one notification, committed
 * without waiting for the disk (a lost notification costs only freshness, and the cache's
 * lifetime bounds that).
 */
final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());
    static final String CHANNEL = "dossier_read_cache";
    private static final String EVERYTHING = ReadCache.EVERYTHING;
    /** Below PostgreSQL's 8000-byte limit of a payload. */
    private static final int MAX_PAYLOAD = 7000;
    private static final int MAX_PENDING = 100_000;
    /**
     * How long the sender gathers changes after the first before it sends them: under a steady
     * stream of writes, one notification for many (each costs a commit here and a wake-up of every
     * listener). Another instance evicts that much later.
     */
    private static final long GATHER_MILLIS = 10;

    private final DataSource dataSource;
    private final ReadCache cache;
    private final String instance = UUID.randomUUID().toString();
    private final BlockingQueue<String> outgoing = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread listener;
    private final Thread sender;
    private volatile boolean closed;
    private volatile Connection listening;

    ChangeFeed(DataSource dataSource, ReadCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
        this.listener = new Thread(this::listen, "dossier-read-cache-listener");
        this.sender = new Thread(this::send, "dossier-read-cache-sender");
        listener.setDaemon(true);
        sender.setDaemon(true);
        cache.announceThrough(this::announce);
        listener.start();
        sender.start();
    }

    /** Queues a change for the other instances; past the queue's bound, everything is announced. */
    void announce(String change) {
        if (!outgoing.offer(change)) {
            outgoing.clear();
            outgoing.offer(EVERYTHING);
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    hear(connection);
                } finally {
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                cache.coherent(false);
                if (!closed) {
                    LOG.log(Level.WARNING, "the read cache keeps nothing until it hears the database's changes again",
                            e);
                    pause(1000);
                }
            }
        }
        cache.coherent(false);
    }

    private void hear(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);
        }
        listening = connection;
        // What was kept while nobody listened may be stale; from here on every change is heard.
        cache.coherent(true);
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (!closed) {
            PGNotification[] heard = notifications.getNotifications(500);
            if (heard != null) {
                for (PGNotification notification : heard) {
                    heard(notification.getParameter());
                }
            }
        }
    }

    /** A pooled connection goes back without listening: nobody would read what piles up for it. */
    private void unlisten(Connection connection) {
        listening = null;
        cache.coherent(false);
        try (Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        } catch (SQLException e) {
            // A broken connection listens no more either; the pool drops it.
        }
    }

    private void heard(String payload) {
        int separator = payload.indexOf(';');
        if (separator < 0 || payload.regionMatches(0, instance, 0, separator) && separator == instance.length()) {
            return; // malformed, or this instance's own
        }
        for (String change : payload.substring(separator + 1).split(",")) {
            int slash = change.indexOf('/');
            try {
                if (change.equals(EVERYTHING) || slash < 0) {
                    cache.changedAll(false);
                } else {
                    cache.changed(change.substring(0, slash), UUID.fromString(change.substring(slash + 1)), false);
                }
            } catch (IllegalArgumentException e) {
                cache.changedAll(false);
            }
        }
    }

    private void send() {
        List<String> batch = new ArrayList<>();
        while (!closed || !outgoing.isEmpty()) {
            try {
                String first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (!closed) {
                    pause(GATHER_MILLIS);
                }
                batch.clear();
                batch.add(first);
                outgoing.drainTo(batch);
                sendAll(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void sendAll(List<String> changes) {
        Set<String> distinct = new LinkedHashSet<>(changes);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (String change : distinct.contains(EVERYTHING) ? List.of(EVERYTHING) : distinct) {
            if (payload.length() > 0 && payload.length() + change.length() + 1 > MAX_PAYLOAD) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.length() == 0 ? instance + ";" : ",").append(change);
        }
        payloads.add(payload.toString());
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement notify = connection.prepareStatement(
                         "SELECT set_config('synchronous_commit', 'off', true), pg_notify(?, ?)")) {
                connection.setAutoCommit(true);
                for (String each : payloads) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, each);
                    notify.execute();
                }
                return;
            } catch (SQLException e) {
                if (attempt == 3 || closed) {
                    LOG.log(Level.WARNING, "other instances were not told of " + distinct.size()
                            + " changes: they may show them only when their cache's lifetime ends", e);
                    return;
                }
                pause(200L * attempt);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is still queued, then stops listening. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(5000);
            // The listener sees the flag within its wait for notifications (half a second).
            listener.join(2000);
            Connection connection = listening;
            if (listener.isAlive() && connection != null) {
                connection.close();
            }
        } catch (InterruptedException | SQLException e) {
            Thread.currentThread().interrupt();
        }
    }
}
