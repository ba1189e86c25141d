package io.dossier.adapter.persistence;

import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.Handle;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the stores read last, kept in memory until the rows behind it change (ADR 0015). Each
 * write evicts what it touches once it has committed; other instances on the same database are
 * told through the {@code ChangeFeed}, and until that feed listens nothing is kept at all.
 *
 * <p>A read that began before a change must not put back what it read after the change evicted
 * it: every eviction moves the generation on, and a read keeps its result only if the generation
 * is still the one it started in. Reads inside a unit of work bypass the cache (they must see the
 * work's own writes), and values are immutable snapshots, so a caller never shares an aggregate.
 */
final class ReadCache {
    /** A cache that keeps nothing: the stores read the database every time. */
    static final ReadCache OFF = new ReadCache(0, 0);

    /** What a store keeps per document. */
    enum Kind { DOCUMENT, RENDITIONS, LATEST_TICKET }

    private record Key(Kind kind, String tenant, UUID document) {
    }

    private record Entry(Object value, long expiresAt, int rows) {
    }

    private final int maxRows;
    /** The rows of what is kept; guarded by this. */
    private long rows;
    private final long lifetimeNanos;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Per tenant: its lists and counts, each under the arguments that asked for it. */
    private final Map<String, Map<Object, Entry>> lists = new ConcurrentHashMap<>();
    private final ThreadLocal<int[]> unitsOfWork = ThreadLocal.withInitial(() -> new int[1]);
    /** Guarded by this; read without the lock to start a read. */
    private volatile long generation;
    private volatile boolean coherent;
    /** Where changes committed here are told to other instances (the {@code ChangeFeed}), once there is one. */
    private volatile java.util.function.Consumer<String> announcer;
    /** An announced change that may concern any document. */
    static final String EVERYTHING = "*";

    /**
     * @param maxRows       how much is kept at most, in rows as the database has them: a document,
     *                      each of its versions, tags and tokens, a rendition, a ticket, a count
     *                      are one row each (a few hundred bytes); 0 keeps nothing
     * @param lifetimeNanos how long a result is kept at most, however quiet the feed is
     */
    ReadCache(int maxRows, long lifetimeNanos) {
        this.maxRows = maxRows;
        this.lifetimeNanos = lifetimeNanos;
    }

    /** Whether results are kept now (configured to, and hearing the changes of every instance). */
    boolean keeps() {
        return maxRows > 0 && coherent;
    }

    void announceThrough(java.util.function.Consumer<String> changes) {
        this.announcer = changes;
    }

    /** Whether what is kept can be trusted: false while the feed does not listen (nothing is kept then). */
    void coherent(boolean listening) {
        evictAll();
        coherent = listening;
    }

    /** Runs a unit of work on this thread: its reads go to the database. */
    <T> T inUnitOfWork(Supplier<T> work) {
        int[] depth = unitsOfWork.get();
        depth[0]++;
        try {
            return work.get();
        } finally {
            depth[0]--;
        }
    }

    /** The generation a read starts in, or -1 when this read must not use the cache. */
    private long begin() {
        if (maxRows == 0 || !coherent || unitsOfWork.get()[0] > 0) {
            return -1;
        }
        return generation;
    }

    /**
     * What {@code load} reads for this document, kept as {@code keep} makes it and handed out as
     * {@code give} makes it again.
     */
    <T, S> T read(Kind kind, TenantId tenant, DocumentId document, Supplier<T> load, Function<T, S> keep,
                  Function<S, T> give, java.util.function.ToIntFunction<S> rowsOf) {
        long started = begin();
        if (started < 0) {
            return load.get();
        }
        Key key = new Key(kind, tenant.value(), document.value());
        Entry hit = entries.get(key);
        if (hit != null && hit.expiresAt() - System.nanoTime() > 0) {
            @SuppressWarnings("unchecked") S kept = (S) hit.value();
            return give.apply(kept);
        }
        T loaded = load.get();
        S kept = keep.apply(loaded);
        keep(entries, key, kept, rowsOf.applyAsInt(kept), started);
        return loaded;
    }

    /** A list or count of the tenant's documents, as {@link #read} does for one document. */
    <T, S> T readList(TenantId tenant, Object query, Supplier<T> load, Function<T, S> keep, Function<S, T> give,
                      java.util.function.ToIntFunction<S> rowsOf) {
        long started = begin();
        if (started < 0) {
            return load.get();
        }
        Map<Object, Entry> ofTenant = lists.get(tenant.value());
        Entry hit = ofTenant == null ? null : ofTenant.get(query);
        if (hit != null && hit.expiresAt() - System.nanoTime() > 0) {
            @SuppressWarnings("unchecked") S kept = (S) hit.value();
            return give.apply(kept);
        }
        T loaded = load.get();
        S kept = keep.apply(loaded);
        int size = rowsOf.applyAsInt(kept);
        synchronized (this) {
            if (generation == started) {
                keep(lists.computeIfAbsent(tenant.value(), t -> new ConcurrentHashMap<>()), query, kept, size, started);
            }
        }
        return loaded;
    }

    private synchronized <K> void keep(Map<K, Entry> into, K key, Object value, int size, long started) {
        if (generation != started || size > maxRows / 4) {
            return; // something changed while this was read (it may be older than the change), or it is too big
        }
        if (rows + size > maxRows) {
            trim();
        }
        Entry previous = into.put(key, new Entry(value, System.nanoTime() + lifetimeNanos, size));
        rows += size - (previous == null ? 0 : previous.rows());
    }

    /** Drops entries, in no particular order, until a quarter is free: cheap, and rare at a sensible size. */
    private void trim() {
        for (Iterator<Entry> kept = entries.values().iterator(); kept.hasNext() && rows > maxRows * 3L / 4; ) {
            rows -= kept.next().rows();
            kept.remove();
        }
        if (rows > maxRows * 3L / 4) {
            lists.values().forEach(ofTenant -> ofTenant.values().forEach(e -> rows -= e.rows()));
            lists.clear();
        }
    }

    private void removed(Entry entry) {
        if (entry != null) {
            rows -= entry.rows();
        }
    }

    /**
     * Says that this document's rows change in the handle's work: evicted once it commits (right
     * away when the handle is in no transaction), here and on every other instance.
     */
    void changed(Handle handle, TenantId tenant, DocumentId document) {
        if (maxRows == 0) {
            return;
        }
        if (handle.isInTransaction()) {
            handle.afterCommit(() -> changed(tenant.value(), document.value(), true));
        } else {
            changed(tenant.value(), document.value(), true);
        }
    }

    /** Says that rows of any number of documents changed in the handle's work. */
    void changedAll(Handle handle) {
        if (maxRows == 0) {
            return;
        }
        if (handle.isInTransaction()) {
            handle.afterCommit(() -> changedAll(true));
        } else {
            changedAll(true);
        }
    }

    /** A change committed here ({@code announce}) or announced by another instance. */
    void changed(String tenant, UUID document, boolean announce) {
        synchronized (this) {
            generation++;
            for (Kind kind : Kind.values()) {
                removed(entries.remove(new Key(kind, tenant, document)));
            }
            Map<Object, Entry> ofTenant = lists.remove(tenant);
            if (ofTenant != null) {
                ofTenant.values().forEach(this::removed);
            }
        }
        java.util.function.Consumer<String> changes = announcer;
        if (announce && changes != null) {
            changes.accept(tenant + "/" + document);
        }
    }

    void changedAll(boolean announce) {
        evictAll();
        java.util.function.Consumer<String> changes = announcer;
        if (announce && changes != null) {
            changes.accept(EVERYTHING);
        }
    }

    private synchronized void evictAll() {
        generation++;
        entries.clear();
        lists.clear();
        rows = 0;
    }

    /** The rows of what is kept now. */
    synchronized long rows() {
        return rows;
    }

    /** The rows a document snapshot stands for. */
    static int rows(io.dossier.domain.Document.Snapshot document) {
        return 1 + document.versions().size() + document.tags().size() + document.publicTokens().size();
    }
}
