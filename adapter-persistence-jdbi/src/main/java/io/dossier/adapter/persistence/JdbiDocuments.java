package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.PublicToken;
import io.dossier.domain.Tag;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.dossier.adapter.persistence.Columns.timestamp;

/**
 * Documents in PostgreSQL. A document is one row plus its version, tag and token rows; a read
 * takes one query per table for any number of documents, in one snapshot.
 */
final class JdbiDocuments implements Documents {
    private static final int NUMBER_BLOCK = 16;
    private final Map<TenantId, java.util.Queue<Long>> numbers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Documents filed under a client outside the scope are left out; others (no client) stay. */
    private static final String REACH =
            " AND (NOT :scoped OR d.client_id IS NULL OR d.client_id = ANY(:clients))"
            + " AND (NOT :patients_scoped OR d.patient_id IS NULL OR d.patient_id = ANY(:patients))";
    private static final String SELECT_DOCUMENTS = """
            SELECT d.id, d.tenant, d.number, d.filing, d.patient_id, d.client_id, d.project_id,
                   d.name, d.description, %s, d.visibility, d.created_at, d.created_by_reference,
                   d.created_by_display, d.last_modified_at, d.revision
              FROM documents d
            """.formatted(Columns.readProperties("d.properties", "properties"));

    private static final String SELECT_VERSIONS = """
            SELECT v.document_id, v.number, v.repository_id, v.storage_key, v.content_length, v.media_type,
                   v.file_name, v.sha256, v.content_stream_id, v.name, v.description, %s, v.created_at,
                   v.author_reference, v.author_display, v.based_on, v.restored_from
              FROM versions v
             WHERE v.document_id = ANY(:ids)
             ORDER BY v.document_id, v.number
            """.formatted(Columns.readProperties("v.properties", "properties"));

    private static final String SELECT_TAGS = """
            SELECT document_id, name, state, created_at, trace_id FROM tags WHERE document_id = ANY(:ids)
            """;

    private static final String SELECT_TOKENS = """
            SELECT document_id, id, issued_at, expires_at, revoked_at FROM public_tokens WHERE document_id = ANY(:ids)
            """;

    static final String INSERT_DOCUMENT = """
            INSERT INTO documents (id, tenant, number, filing, patient_id, client_id, project_id, name, description,
                                   properties, visibility, created_at, created_by_reference, created_by_display,
                                   last_modified_at, revision)
            VALUES (:id, :tenant, :number, :filing, :patient_id, :client_id, :project_id, :name, :description,
                    %s, :visibility, :created_at, :created_by_reference, :created_by_display,
                    :last_modified_at, 1)
            """.formatted(Columns.writeProperties("properties"));

    /**
     * Only what can change; the revision check is the optimistic lock. One statement: when the
     * revision still holds, the row is updated (and locked until commit) and the current tags and
     * tokens are cleared for the document's own; it answers whether it did, and how many versions
     * are stored. When the revision is stale it changes nothing, so a unit of work that retries
     * the change has lost nothing.
     */
    private static final String UPDATE_DOCUMENT = """
            WITH updated AS (
                UPDATE documents
                   SET name = :name, description = :description, properties = %s, visibility = :visibility,
                       last_modified_at = :last_modified_at, revision = revision + 1
                 WHERE id = :id AND tenant = :tenant AND revision = :revision
             RETURNING id),
            cleared_tags AS (DELETE FROM tags WHERE document_id IN (SELECT id FROM updated)),
            cleared_tokens AS (DELETE FROM public_tokens WHERE document_id IN (SELECT id FROM updated))
            SELECT (SELECT count(*) FROM updated) AS updated,
                   (SELECT coalesce(max(number), 0) FROM versions WHERE document_id = :id) AS stored_versions
            """.formatted(Columns.writeProperties("properties"));

    private static final String INSERT_VERSION = """
            INSERT INTO versions (document_id, number, repository_id, storage_key, content_length, media_type,
                                  file_name, sha256, content_stream_id, name, description, properties, created_at,
                                  author_reference, author_display, based_on, restored_from)
            VALUES (:document_id, :number, :repository_id, :storage_key, :content_length, :media_type,
                    :file_name, :sha256, :content_stream_id, :name, :description, %s, :created_at,
                    :author_reference, :author_display, :based_on, :restored_from)
            """.formatted(Columns.writeProperties("properties"));

    private final Jdbi jdbi;

    JdbiDocuments(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Document> find(TenantId tenant, DocumentId id) {
        return read("finding document " + id, handle -> load(handle, handle.createQuery(
                        SELECT_DOCUMENTS + " WHERE d.id = :id AND d.tenant = :tenant")
                .bind("id", id.value()).bind("tenant", tenant.value())
                .map(JdbiDocuments::documentRow).list()))
                .stream().findFirst();
    }

    @Override
    public Optional<Document> findByNumber(TenantId tenant, long number) {
        return read("finding document number " + number, handle -> load(handle, handle.createQuery(
                        SELECT_DOCUMENTS + " WHERE d.tenant = :tenant AND d.number = :number")
                .bind("tenant", tenant.value()).bind("number", number)
                .map(JdbiDocuments::documentRow).list()))
                .stream().findFirst();
    }

    @Override
    public List<Document> list(TenantId tenant, io.dossier.domain.Reach reach, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new DocumentException.InvalidInput("offset and limit must not be negative");
        }
        return read("listing documents of " + tenant, handle -> load(handle, handle.createQuery(
                        SELECT_DOCUMENTS + " WHERE d.tenant = :tenant" + REACH
                                + " ORDER BY d.created_at, d.number OFFSET :offset LIMIT :limit")
                .bind("tenant", tenant.value()).bind("scoped", reach.clients().isPresent())
                .bind("clients", reach.clients().orElse(Set.of()).toArray(new Long[0]))
                .bind("patients_scoped", reach.patients().isPresent())
                .bind("patients", reach.patients().orElse(Set.of()).toArray(new Long[0]))
                .bind("offset", offset).bind("limit", limit)
                .map(JdbiDocuments::documentRow).list()));
    }

    @Override
    public long count(TenantId tenant, io.dossier.domain.Reach reach) {
        return call("counting documents of " + tenant, handle -> handle.createQuery(
                        "SELECT count(*) FROM documents d WHERE d.tenant = :tenant" + REACH)
                .bind("tenant", tenant.value()).bind("scoped", reach.clients().isPresent())
                .bind("clients", reach.clients().orElse(Set.of()).toArray(new Long[0]))
                .bind("patients_scoped", reach.patients().isPresent())
                .bind("patients", reach.patients().orElse(Set.of()).toArray(new Long[0]))
                .mapTo(Long.class).one());
    }

    /**
     * One transaction. A new document is inserted; a loaded one is updated only if its stored
     * revision is still the one it was loaded at, which also locks its row until commit, so
     * the versions it adds cannot collide with anyone else's.
     */
    @Override
    public Document save(Document document) {
        String action = "saving document " + document.id();
        try {
            if (document.revision() == 0 && document.versions().isEmpty() && document.tags().isEmpty()
                    && document.publicTokens().isEmpty()) {
                // One statement is atomic on its own: no transaction round trips (credential issuing's hot path).
                return jdbi.withHandle(handle -> insert(handle, document));
            }
            return jdbi.inTransaction(handle -> document.revision() == 0
                    ? insert(handle, document) : update(handle, document));
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }

    private static Document insert(Handle handle, Document document) {
        bindInsert(handle.createUpdate(INSERT_DOCUMENT), document).execute();
        insertVersions(handle, document.id(), document.versions());
        insertTagsAndTokens(handle, document);
        return document.atRevision(1);
    }

    private static Document update(Handle handle, Document document) {
        org.jdbi.v3.core.statement.Query update = handle.createQuery(UPDATE_DOCUMENT)
                .bind("id", document.id().value())
                .bind("tenant", document.tenant().value())
                .bind("revision", document.revision());
        bindChangeable(update, document);
        int[] outcome = update.map((row, ctx) -> new int[] {row.getInt("updated"), row.getInt("stored_versions")}).one();
        if (outcome[0] == 0) {
            throw new DocumentException.Conflict("document " + document.id() + " was changed or deleted meanwhile");
        }
        int stored = outcome[1];
        List<Version> versions = document.versions();
        if (stored > versions.size()) {
            throw new DocumentException.Conflict("document " + document.id() + " has versions this copy lacks");
        }
        // Versions never change: only those added since loading are written.
        insertVersions(handle, document.id(), versions.subList(stored, versions.size()));
        insertTagsAndTokens(handle, document);
        return document.atRevision(document.revision() + 1);
    }

    static <S extends SqlStatement<S>> S bindInsert(S statement, Document document) {
        statement.bind("id", document.id().value())
                .bind("tenant", document.tenant().value())
                .bind("number", document.number())
                .bind("visibility", document.visibility().name())
                .bind("created_at", timestamp(document.createdAt()))
                .bind("created_by_reference", document.createdBy().reference())
                .bind("created_by_display", document.createdBy().display());
        bindFiling(statement, document.filing());
        bindChangeable(statement, document);
        return statement;
    }

    private static void bindFiling(SqlStatement<?> statement, Filing filing) {
        String kind;
        Long patient = null;
        Long client = null;
        Long project = null;
        if (filing instanceof Filing.Patient p) {
            kind = "PATIENT";
            patient = p.patientId();
        } else if (filing instanceof Filing.Project p) {
            kind = "PROJECT";
            client = p.clientId();
            project = p.projectId();
        } else {
            kind = "UNFILED";
        }
        statement.bind("filing", kind).bind("patient_id", patient).bind("client_id", client)
                .bind("project_id", project);
    }

    private static <S extends SqlStatement<S>> void bindChangeable(S statement, Document document) {
        statement.bind("name", document.metadata().name())
                .bind("description", document.metadata().description())
                .bind("visibility", document.visibility().name())
                .bind("last_modified_at", timestamp(document.lastModifiedAt()));
        Columns.bindProperties(statement, "properties", document.metadata().properties());
    }

    private static void insertVersions(Handle handle, DocumentId id, List<Version> versions) {
        if (versions.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(INSERT_VERSION);
        for (Version version : versions) {
            ContentRef content = version.content();
            batch.bind("document_id", id.value())
                    .bind("number", version.number().value())
                    .bind("repository_id", content.repositoryId())
                    .bind("storage_key", content.key())
                    .bind("content_length", content.length())
                    .bind("media_type", content.mediaType())
                    .bind("file_name", content.fileName())
                    .bind("sha256", content.sha256())
                    .bind("content_stream_id", content.contentStreamId())
                    .bind("name", version.metadata().name())
                    .bind("description", version.metadata().description())
                    .bind("created_at", timestamp(version.createdAt()))
                    .bind("author_reference", version.author().reference())
                    .bind("author_display", version.author().display())
                    .bind("based_on", Columns.versionNumber(version.basedOn()))
                    .bind("restored_from", Columns.versionNumber(version.restoredFrom()));
            Columns.bindProperties(batch, "properties", version.metadata().properties());
            batch.add();
        }
        batch.execute();
    }

    private static void insertTagsAndTokens(Handle handle, Document document) {
        UUID id = document.id().value();
        if (!document.tags().isEmpty()) {
            PreparedBatch tags = handle.prepareBatch("""
                    INSERT INTO tags (document_id, name, state, created_at, trace_id)
                    VALUES (:document_id, :name, :state, :created_at, :trace_id)
                    """);
            for (Tag tag : document.tags()) {
                tags.bind("document_id", id).bind("name", tag.name()).bind("state", tag.state())
                        .bind("created_at", timestamp(tag.createdAt())).bind("trace_id", tag.traceId()).add();
            }
            tags.execute();
        }
        if (!document.publicTokens().isEmpty()) {
            PreparedBatch tokens = handle.prepareBatch("""
                    INSERT INTO public_tokens (document_id, id, issued_at, expires_at, revoked_at)
                    VALUES (:document_id, :id, :issued_at, :expires_at, :revoked_at)
                    """);
            for (PublicToken token : document.publicTokens()) {
                tokens.bind("document_id", id).bind("id", token.id())
                        .bind("issued_at", timestamp(token.issuedAt()))
                        .bind("expires_at", timestamp(token.expiresAt()))
                        .bindByType("revoked_at", timestamp(token.revokedAt().orElse(null)), OffsetDateTime.class)
                        .add();
            }
            tokens.execute();
        }
    }

    @Override
    public boolean delete(TenantId tenant, DocumentId id) {
        // The search entry has no foreign key (its check cost a row lock per save): it goes here.
        return call("deleting document " + id, handle -> handle.createUpdate("""
                        WITH entry AS (DELETE FROM search_entries WHERE document_id = :id AND tenant = :tenant)
                        DELETE FROM documents WHERE id = :id AND tenant = :tenant""")
                .bind("id", id.value()).bind("tenant", tenant.value()).execute() > 0);
    }

    /**
     * Numbers are counted per tenant and drawn in blocks, so that creating a document costs no
     * round trip of its own; each value is still handed out once only within its tenant, across
     * all instances. A block left unused at a restart leaves a gap, which document numbers may
     * have; a small block keeps those gaps small.
     */
    @Override
    public long nextNumber(TenantId tenant) {
        java.util.Queue<Long> queue = numbers.computeIfAbsent(tenant, t -> new java.util.concurrent.ConcurrentLinkedQueue<>());
        Long number = queue.poll();
        while (number == null) {
            long last = call("drawing document numbers", handle -> handle.createQuery("""
                            INSERT INTO document_numbers (tenant, last_number) VALUES (:tenant, :block)
                            ON CONFLICT (tenant) DO UPDATE SET last_number = document_numbers.last_number + :block
                            RETURNING last_number
                            """)
                    .bind("tenant", tenant.value()).bind("block", NUMBER_BLOCK)
                    .mapTo(Long.class).one());
            for (long n = last - NUMBER_BLOCK + 1; n <= last; n++) {
                queue.add(n);
            }
            number = queue.poll();
        }
        return number;
    }

    @Override
    public boolean references(StorageKey key) {
        return call("looking for versions of " + key, handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM versions WHERE repository_id = :repository_id
                                                                AND storage_key = :storage_key)
                        """)
                .bind("repository_id", key.repositoryId()).bind("storage_key", key.key())
                .mapTo(Boolean.class).one());
    }

    @Override
    public boolean isAvailable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- loading -------------------------------------------------------------------------

    /** The columns of a document row, waiting for its versions, tags and tokens. */
    private record DocumentRow(DocumentId id, long number, TenantId tenant, Filing filing, Metadata metadata,
                               Visibility visibility, Instant createdAt, Author createdBy, Instant lastModifiedAt,
                               long revision) {
        Document toDocument(List<Version> versions, List<Tag> tags, List<PublicToken> tokens) {
            return Document.restore(new Document.Snapshot(id, number, tenant, filing, metadata, visibility, createdAt,
                    createdBy, lastModifiedAt, versions, tags, tokens, revision));
        }
    }

    /** A child row and the document it belongs to. */
    private record Owned<T>(UUID documentId, T value) {
    }

    private static List<Document> load(Handle handle, List<DocumentRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        UUID[] ids = rows.stream().map(row -> row.id().value()).toArray(UUID[]::new);
        Map<UUID, List<Version>> versions = children(handle, SELECT_VERSIONS, ids, JdbiDocuments::version);
        Map<UUID, List<Tag>> tags = children(handle, SELECT_TAGS, ids, JdbiDocuments::tag);
        Map<UUID, List<PublicToken>> tokens = children(handle, SELECT_TOKENS, ids, JdbiDocuments::token);
        return rows.stream().map(row -> row.toDocument(
                versions.getOrDefault(row.id().value(), List.of()),
                tags.getOrDefault(row.id().value(), List.of()),
                tokens.getOrDefault(row.id().value(), List.of()))).toList();
    }

    private static <T> Map<UUID, List<T>> children(Handle handle, String sql, UUID[] ids, RowMapper<T> mapper) {
        Map<UUID, List<T>> byDocument = new HashMap<>();
        handle.createQuery(sql).bindArray("ids", UUID.class, (Object[]) ids)
                .map((row, context) -> new Owned<>(row.getObject("document_id", UUID.class), mapper.map(row, context)))
                .forEach(owned -> byDocument.computeIfAbsent(owned.documentId(), id -> new ArrayList<>())
                        .add(owned.value()));
        return byDocument;
    }

    private static DocumentRow documentRow(ResultSet row, StatementContext context) throws SQLException {
        return new DocumentRow(
                new DocumentId(row.getObject("id", UUID.class)),
                row.getLong("number"),
                new TenantId(row.getString("tenant")),
                filing(row),
                new Metadata(row.getString("name"), row.getString("description"),
                        Columns.properties(row, "properties")),
                Visibility.valueOf(row.getString("visibility")),
                Columns.instant(row, "created_at"),
                Columns.author(row, "created_by"),
                Columns.instant(row, "last_modified_at"),
                row.getLong("revision"));
    }

    private static Filing filing(ResultSet row) throws SQLException {
        String kind = row.getString("filing");
        return switch (kind) {
            case "UNFILED" -> Filing.UNFILED;
            case "PATIENT" -> new Filing.Patient(row.getLong("patient_id"));
            case "PROJECT" -> new Filing.Project(row.getLong("client_id"), row.getLong("project_id"));
            default -> throw new IllegalStateException("unknown filing " + kind);
        };
    }

    private static Version version(ResultSet row, StatementContext context) throws SQLException {
        ContentRef content = new ContentRef(row.getString("repository_id"), row.getString("storage_key"),
                row.getLong("content_length"), row.getString("media_type"), row.getString("file_name"),
                row.getString("sha256"), row.getString("content_stream_id"));
        Metadata metadata = new Metadata(row.getString("name"), row.getString("description"),
                Columns.properties(row, "properties"));
        return new Version(VersionNumber.of(row.getInt("number")), content, metadata,
                Columns.instant(row, "created_at"), Columns.author(row, "author"),
                Columns.versionNumber(row, "based_on"), Columns.versionNumber(row, "restored_from"));
    }

    private static Tag tag(ResultSet row, StatementContext context) throws SQLException {
        return new Tag(row.getString("name"), row.getInt("state"), Columns.instant(row, "created_at"),
                row.getString("trace_id"));
    }

    private static PublicToken token(ResultSet row, StatementContext context) throws SQLException {
        return new PublicToken(row.getString("id"), Columns.instant(row, "issued_at"),
                Columns.instant(row, "expires_at"), Optional.ofNullable(Columns.instant(row, "revoked_at")));
    }

    // ---- transactions --------------------------------------------------------------------

    /**
     * Reads in one snapshot, so that a document never mixes rows from before and after a save.
     * Inside a unit of work the read joins it: the rows it reads there are the unit's own to
     * lock and change, and the optimistic revision check guards what others changed meanwhile.
     */
    private <T> T read(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(handle -> handle.isInTransaction() ? work.withHandle(handle)
                    : handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work));
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
