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
public final class JdbiPersistence {
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

    private JdbiPersistence(Jdbi jdbi) {
        this.documents = new JdbiDocuments(jdbi);
        this.uploadTickets = new JdbiUploadTickets(jdbi);
        this.patients = new JdbiPatients(jdbi);
        this.renditions = new JdbiRenditions(jdbi);
        this.apiKeys = new JdbiApiKeys(jdbi);
        this.auditTrail = new JdbiAuditTrail(jdbi);
        this.idempotencyKeys = new JdbiIdempotencyKeys(jdbi);
        this.resumableUploads = new JdbiResumableUploads(jdbi);
        this.jdbi = jdbi;
        this.transactions = new Transactions() {
            @Override
            public <T> T inTransaction(java.util.function.Supplier<T> work) {
                try {
                    // The stores' own calls inside the work take this thread's handle: one transaction.
                    return jdbi.inTransaction(handle -> work.get());
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
        return migrate(dataSource, org.jdbi.v3.core.statement.SqlLogger.NOP_SQL_LOGGER);
    }

    /** As {@link #migrate(DataSource)}, with every statement reported to the logger (tests count them). */
    static JdbiPersistence migrate(DataSource dataSource, org.jdbi.v3.core.statement.SqlLogger logger) {
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
        return new JdbiPersistence(jdbi);
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
