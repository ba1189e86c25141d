package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Patients;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * The PostgreSQL persistence adapter: brings the schema up to date and hands out the stores.
 * Every failure surfaces as a {@link io.dossier.domain.DocumentException} (conflict, unavailable)
 * or, for what only a bug or a broken schema explains, an {@link IllegalStateException}.
 * Thread-safe; each call takes a connection from the data source and gives it back.
 */
public final class JdbiPersistence implements AutoCloseable {
    /** How long a read is kept at most: bounds how stale a change missed by the feed leaves another instance. */
    static final java.time.Duration CACHE_LIFETIME = java.time.Duration.ofSeconds(30);

    private final JdbiDocuments documents;
    private final JdbiUploadTickets uploadTickets;
    private final JdbiPatients patients;
    private final JdbiRenditions renditions;
    private final JdbiApiKeys apiKeys;
    private final JdbiAuditTrail auditTrail;
    private final JdbiIdempotencyKeys idempotencyKeys;
    private final JdbiResumableUploads resumableUploads;
    private final Jdbi jdbi;
    private final Transactions transactions;
    private final java.util.Optional<ChangeFeed> changes;
    private final ReadCache cache;

    private JdbiPersistence(Jdbi jdbi, ReadCache cache, java.util.Optional<ChangeFeed> changes) {
        this.changes = changes;
        this.cache = cache;
        this.documents = new JdbiDocuments(jdbi, cache);
        this.uploadTickets = new JdbiUploadTickets(jdbi, cache);
        this.patients = new JdbiPatients(jdbi);
        this.renditions = new JdbiRenditions(jdbi, cache);
        this.apiKeys = new JdbiApiKeys(jdbi);
        this.auditTrail = new JdbiAuditTrail(jdbi);
        this.idempotencyKeys = new JdbiIdempotencyKeys(jdbi);
        this.resumableUploads = new JdbiResumableUploads(jdbi);
        this.jdbi = jdbi;
        this.transactions = new Transactions() {
            @Override
            public <T> T inTransaction(java.util.function.Supplier<T> work) {
                try {
                    // The stores' own calls inside the work take this thread's handle: one transaction,
                    // whose reads see its own writes (not the cache's).
                    return cache.inUnitOfWork(() -> jdbi.inTransaction(handle -> work.get()));
                } catch (org.jdbi.v3.core.JdbiException e) {
                    throw SqlErrors.translate(e, "committing a unit of work");
                }
            }
        };
    }

    /**
     * Applies the migrations this adapter ships that the database lacks (none, when it is up
     * to date; several instances may start at once) and returns the adapter.
     *
     * @param dataSource connections to a PostgreSQL database whose user may create tables; a
     *                   pooled one in production, since every call opens a connection
     * @throws io.dossier.domain.DocumentException.Unavailable when the database cannot be reached
     * @throws IllegalStateException when the migrations cannot be applied
     */
    public static JdbiPersistence migrate(DataSource dataSource) {
        return migrate(dataSource, 0);
    }

    /**
     * As {@link #migrate(DataSource)}, keeping the results of the reads a document's page makes
     * (the document, its renditions, its last upload, and the tenant's lists) in memory until
     * they change (ADR 0015), up to {@code cachedRows} rows: a document, each of its versions,
     * tags and tokens, a rendition and a ticket count one each (a few hundred bytes). Other instances on the same database are told
     * of each change by {@code LISTEN}/{@code NOTIFY} on a connection this adapter keeps from the
     * data source (so that source must be a direct or session-pooled one); while that connection is
     * lost, nothing is kept. {@link #close()} stops it.
     *
     * @param cachedRows 0 to read the database every time
     */
    public static JdbiPersistence migrate(DataSource dataSource, int cachedRows) {
        return migrate(dataSource, org.jdbi.v3.core.statement.SqlLogger.NOP_SQL_LOGGER, cachedRows);
    }

    /** As {@link #migrate(DataSource)}, with every statement reported to the logger (tests count them). */
    static JdbiPersistence migrate(DataSource dataSource, org.jdbi.v3.core.statement.SqlLogger logger) {
        return migrate(dataSource, logger, 0);
    }

    static JdbiPersistence migrate(DataSource dataSource, org.jdbi.v3.core.statement.SqlLogger logger,
                                   int cachedRows) {
        if (cachedRows < 0) {
            throw new IllegalArgumentException("cachedRows must not be negative");
        }
        Objects.requireNonNull(dataSource, "data source");
        try {
            // This module's class loader: the migrations live next to this class, wherever it was loaded from.
            Flyway.configure(JdbiPersistence.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw SqlErrors.translate(e, "migrating the database schema");
        }
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setSqlLogger(logger);
        if (cachedRows == 0) {
            return new JdbiPersistence(jdbi, ReadCache.OFF, java.util.Optional.empty());
        }
        ReadCache cache = new ReadCache(cachedRows, CACHE_LIFETIME.toNanos());
        return new JdbiPersistence(jdbi, cache, java.util.Optional.of(new ChangeFeed(dataSource, cache)));
    }

    /** Whether reads are kept in memory now: configured so, and hearing every instance's changes. */
    boolean cachesReads() {
        return cache.keeps();
    }

    /** Stops telling other instances of changes (after sending what is queued) and listening to theirs. */
    @Override
    public void close() {
        changes.ifPresent(ChangeFeed::close);
    }

    /** API keys issued at run time, kept as hashes. */
    public io.dossier.application.port.out.ApiKeys apiKeys() {
        return apiKeys;
    }

    public Documents documents() {
        return documents;
    }

    public UploadTickets uploadTickets() {
        return uploadTickets;
    }

    /** The renditions of the documents' versions, and the queue of those to be made. */
    public io.dossier.application.port.out.Renditions renditions() {
        return renditions;
    }

    /** Full-text search with PostgreSQL's {@code simple} text search configuration. */
    public io.dossier.application.port.out.DocumentSearch search() {
        return search("simple");
    }

    /**
     * Full-text search with the named text search configuration (for example {@code german}, for
     * stemming); an unknown one is refused.
     */
    public io.dossier.application.port.out.DocumentSearch search(String textSearchConfiguration) {
        boolean known = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_ts_config WHERE cfgname = :name")
                .bind("name", textSearchConfiguration).mapTo(Integer.class).one()) > 0;
        if (!known) {
            throw new IllegalArgumentException("the database has no text search configuration '"
                    + textSearchConfiguration + "'");
        }
        return search(textSearchConfiguration, JdbiSearch.RANK_WINDOW);
    }

    /** With a rank window of its own (tests use small ones, to cross windows with few documents). */
    io.dossier.application.port.out.DocumentSearch search(String textSearchConfiguration, int rankWindow) {
        JdbiSearch search = new JdbiSearch(jdbi, textSearchConfiguration, rankWindow);
        // A new document saved with its first ticket gets its entry in that same statement (the
        // credentials hot path); the search then skips the write it would repeat.
        uploadTickets.indexNewDocumentsIn(search);
        return search;
    }

    /** Requests made under an Idempotency-Key, shared by every instance on this database. */
    public io.dossier.application.port.out.IdempotencyKeys idempotencyKeys() {
        return idempotencyKeys;
    }

    /** Resumable (tus) uploads, shared by every instance on this database. */
    public io.dossier.application.port.out.ResumableUploads resumableUploads() {
        return resumableUploads;
    }

    /** The audit trail; its appends join this persistence's units of work. */
    public io.dossier.application.port.out.AuditTrail auditTrail() {
        return auditTrail;
    }

    public Patients patients() {
        return patients;
    }

    /** Units of work over this persistence's stores: one PostgreSQL transaction each. */
    public Transactions transactions() {
        return transactions;
    }

    /** True when the database answers. */
    public boolean isAvailable() {
        return documents.isAvailable();
    }

    /**
     * Renditions waiting to be made: the depth of the extraction queue, for an operator's gauge.
     * Counted through its partial index, so a scrape stays cheap however many versions there are.
     */
    public long pendingRenditions() {
        return count("SELECT count(*) FROM renditions WHERE state = 'PENDING'");
    }

    /** Upload tickets still open (issued, not completed, failed or expired), through their state index. */
    public long openUploadTickets() {
        return count("SELECT count(*) FROM upload_tickets WHERE state = 'ISSUED'");
    }

    private long count(String sql) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw SqlErrors.translate(e, "counting");
        }
    }
}
