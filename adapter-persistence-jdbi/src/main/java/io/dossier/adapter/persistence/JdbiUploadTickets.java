package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.adapter.persistence.Columns.timestamp;

/** Upload tickets in PostgreSQL, one row each. */
final class JdbiUploadTickets implements UploadTickets {
    private static final String SELECT_TICKETS = """
            SELECT id, tenant, document_id, repository_id, storage_key, content_stream_id, file_name, media_type,
                   max_bytes, issued_at, expires_at, author_reference, author_display, based_on, state, version,
                   failure
              FROM upload_tickets
            """;

    private static final String COLUMNS = """
            id, tenant, document_id, repository_id, storage_key, content_stream_id, file_name, media_type, max_bytes,
            issued_at, expires_at, author_reference, author_display, based_on, state, version, failure""";

    /**
     * Only the state and what it brought can change. A ticket id of another tenant is left alone
     * (ids are random, so that is a bug or an attack, not a race).
     */
    private static final String UPSERT_TICKET = """
            INSERT INTO upload_tickets (%s)
            VALUES (%s)
            ON CONFLICT (id) DO UPDATE
               SET state = excluded.state, version = excluded.version, failure = excluded.failure
             WHERE upload_tickets.tenant = excluded.tenant
            """.formatted(COLUMNS, parameters(""));

    /**
     * A new document and its first ticket in one statement: one round trip, one commit, and
     * both rows or neither (a taken ticket id fails the whole statement).
     */
    private static final String INSERT_DOCUMENT_AND_TICKET = """
            WITH document AS (
            %s)
            INSERT INTO upload_tickets (%s)
            VALUES (%s)
            """.formatted(JdbiDocuments.INSERT_DOCUMENT, COLUMNS, parameters("ticket_"));

    /** The same with the new document's search entry: still one statement. */
    private static final String INSERT_DOCUMENT_ENTRY_AND_TICKET = """
            WITH document AS (
            %s),
            entry AS (
            %s)
            INSERT INTO upload_tickets (%s)
            VALUES (%s)
            """.formatted(JdbiDocuments.INSERT_DOCUMENT, JdbiSearch.INSERT_NEW_ENTRY, COLUMNS, parameters("ticket_"));

    private static String parameters(String prefix) {
        return java.util.Arrays.stream(COLUMNS.split(","))
                .map(column -> ":" + prefix + column.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private final Jdbi jdbi;
    /** The search of the same database, once there is one: a new document's entry joins its statement. */
    private volatile JdbiSearch search;

    private final ReadCache cache;

    JdbiUploadTickets(Jdbi jdbi, ReadCache cache) {
        this.jdbi = jdbi;
        this.cache = cache;
    }

    void indexNewDocumentsIn(JdbiSearch search) {
        this.search = search;
    }

    @Override
    public void save(UploadTicket ticket) {
        int saved = call("saving upload " + ticket.id(), handle -> {
            int rows = bind(handle.createUpdate(UPSERT_TICKET), "", ticket).execute();
            if (rows > 0) {
                cache.changed(handle, ticket.tenant(), ticket.documentId());
            }
            return rows;
        });
        if (saved == 0) {
            throw new DocumentException.Conflict("upload " + ticket.id() + " belongs to another tenant");
        }
    }

    @Override
    public Document saveWithNewDocument(UploadTicket ticket, Document newDocument) {
        if (newDocument.revision() != 0 || !newDocument.versions().isEmpty()
                || !newDocument.tags().isEmpty() || !newDocument.publicTokens().isEmpty()) {
            throw new IllegalArgumentException("only a new document without versions, tags or tokens is saved "
                    + "with its first ticket");
        }
        JdbiSearch entries = search;
        Document saved = newDocument.atRevision(1);
        call("saving document " + newDocument.id() + " with upload " + ticket.id(), handle -> {
            int rows = entries == null
                    ? bind(JdbiDocuments.bindInsert(handle.createUpdate(INSERT_DOCUMENT_AND_TICKET), newDocument),
                            "ticket_", ticket).execute()
                    : bind(entries.bindEntry(JdbiDocuments.bindInsert(handle.createUpdate(
                            INSERT_DOCUMENT_ENTRY_AND_TICKET), newDocument), JdbiSearch.NEW_ENTRY_PREFIX, saved),
                            "ticket_", ticket).execute();
            cache.changed(handle, newDocument.tenant(), newDocument.id());
            return rows;
        });
        if (entries != null) {
            entries.writtenWith(saved);
        }
        return saved;
    }

    private static <S extends SqlStatement<S>> S bind(S statement, String prefix, UploadTicket ticket) {
        return statement.bind(prefix + "id", ticket.id())
                .bind(prefix + "tenant", ticket.tenant().value())
                .bind(prefix + "document_id", ticket.documentId().value())
                .bind(prefix + "repository_id", ticket.repositoryId())
                .bind(prefix + "storage_key", ticket.key())
                .bind(prefix + "content_stream_id", ticket.contentStreamId())
                .bind(prefix + "file_name", ticket.fileName())
                .bind(prefix + "media_type", ticket.mediaType())
                .bind(prefix + "max_bytes", ticket.maxBytes())
                .bind(prefix + "issued_at", timestamp(ticket.issuedAt()))
                .bind(prefix + "expires_at", timestamp(ticket.expiresAt()))
                .bind(prefix + "author_reference", ticket.author().reference())
                .bind(prefix + "author_display", ticket.author().display())
                .bind(prefix + "based_on", Columns.versionNumber(ticket.basedOn()))
                .bind(prefix + "state", ticket.state().name())
                .bind(prefix + "version", Columns.versionNumber(ticket.version()))
                .bind(prefix + "failure", ticket.failure().orElse(null));
    }

    @Override
    public Optional<UploadTicket> find(TenantId tenant, String id) {
        if (unstorable(id)) {
            return Optional.empty();
        }
        return call("finding upload " + id, handle -> handle.createQuery(
                        SELECT_TICKETS + " WHERE id = :id AND tenant = :tenant")
                .bind("id", id).bind("tenant", tenant.value())
                .map(JdbiUploadTickets::ticket).findOne());
    }

    @Override
    public Optional<UploadTicket> findByKey(StorageKey key) {
        if (unstorable(key.repositoryId()) || unstorable(key.key())) {
            return Optional.empty(); // PostgreSQL keeps no U+0000 in text, so no row has it
        }
        return call("finding the upload of " + key, handle -> handle.createQuery(
                        SELECT_TICKETS + " WHERE repository_id = :repository_id AND storage_key = :storage_key"
                                + " ORDER BY issued_at DESC, id LIMIT 1")
                .bind("repository_id", key.repositoryId()).bind("storage_key", key.key())
                .map(JdbiUploadTickets::ticket).findOne());
    }

    @Override
    public Optional<UploadTicket> latestTicket(TenantId tenant, DocumentId documentId) {
        return cache.read(ReadCache.Kind.LATEST_TICKET, tenant, documentId,
                () -> call("finding the last upload of " + documentId, handle -> handle.createQuery(
                                SELECT_TICKETS + " WHERE tenant = :tenant AND document_id = :document_id"
                                        + " ORDER BY issued_at DESC, id DESC LIMIT 1")
                        .bind("tenant", tenant.value()).bind("document_id", documentId.value())
                        .map(JdbiUploadTickets::ticket).findOne()),
                found -> found.map(UploadTicket::snapshot), kept -> kept.map(UploadTicket::restore), kept -> 1);
    }

    @Override
    public List<UploadTicket> openTickets(TenantId tenant, DocumentId documentId) {
        return call("listing open uploads of " + documentId, handle -> handle.createQuery(
                        SELECT_TICKETS + " WHERE tenant = :tenant AND document_id = :document_id AND state = 'ISSUED'"
                                + " ORDER BY issued_at, id")
                .bind("tenant", tenant.value()).bind("document_id", documentId.value())
                .map(JdbiUploadTickets::ticket).list());
    }

    @Override
    public List<UploadTicket> expiredOpenTickets(Instant now, int limit) {
        return call("listing expired uploads", handle -> handle.createQuery(
                        SELECT_TICKETS + " WHERE state = 'ISSUED' AND expires_at <= :now"
                                + " ORDER BY expires_at, id LIMIT :limit")
                .bind("now", timestamp(now)).bind("limit", limit)
                .map(JdbiUploadTickets::ticket).list());
    }

    @Override
    public boolean holdsLiveTicket(StorageKey key, Instant now) {
        return call("looking for a live upload of " + key, handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM upload_tickets
                                        WHERE repository_id = :repository_id AND storage_key = :storage_key
                                          AND state = 'ISSUED' AND expires_at > :now)
                        """)
                .bind("repository_id", key.repositoryId()).bind("storage_key", key.key())
                .bind("now", timestamp(now))
                .mapTo(Boolean.class).one());
    }

    private static UploadTicket ticket(ResultSet row, StatementContext context) throws SQLException {
        return UploadTicket.restore(new UploadTicket.Snapshot(row.getString("id"), new TenantId(row.getString("tenant")),
                new DocumentId(row.getObject("document_id", UUID.class)),
                new io.dossier.domain.StorageKey(row.getString("repository_id"), row.getString("storage_key")),
                row.getString("content_stream_id"), row.getString("file_name"),
                row.getString("media_type"), row.getLong("max_bytes"), Columns.instant(row, "issued_at"),
                Columns.instant(row, "expires_at"), Columns.author(row, "author"),
                Columns.versionNumber(row, "based_on"), UploadTicket.State.valueOf(row.getString("state")),
                Columns.versionNumber(row, "version"), Optional.ofNullable(row.getString("failure"))));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }

    private static boolean unstorable(String text) {
        return text.indexOf('\u0000') >= 0;
    }
}
