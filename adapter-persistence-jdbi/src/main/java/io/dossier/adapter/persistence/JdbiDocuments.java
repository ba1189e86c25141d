package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Keeping;
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
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
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
 * of any number of documents is one statement, and so one snapshot.
 */
final class JdbiDocuments implements Documents {
    private static final int NUMBER_BLOCK = 16;
    private final Map<TenantId, java.util.Queue<Long>> numbers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Documents filed under a client outside the scope are left out; others (no client) stay. */
    private static final String REACH =
            " AND (NOT :scoped OR d.client_id IS NULL OR d.client_id = ANY(:clients))"
            + " AND (NOT :patients_scoped OR d.patient_id IS NULL OR d.patient_id = ANY(:patients))";
    /** A column of a read's one result: the kind of row that fills it, how, its name and its type. */
    private record Column(char kind, String expression, String alias, String type) {
    }

    private static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> columns = new ArrayList<>();
        column(columns, 'D', "p", "pos bigint, number bigint, tenant text, filing text, patient_id bigint,"
                + " client_id bigint, project_id bigint, name text, description text, visibility text,"
                + " created_at timestamptz, created_by_reference text, created_by_display text,"
                + " last_modified_at timestamptz, revision bigint, retain_until timestamptz, hold_reason text,"
                + " hold_by_reference text, hold_by_display text, hold_since timestamptz, trashed_at timestamptz,"
                + " trashed_by_reference text, trashed_by_display text, damaged_versions int[], damage_problems text[],"
                + " damage_found_at text[]", "");
        columns.add(new Column('D', Columns.propertyNames("p.properties"), "properties_names", "text[]"));
        columns.add(new Column('D', Columns.propertyValues("p.properties"), "properties_values", "text[]"));
        column(columns, 'V', "v", "number integer, repository_id text, storage_key text, content_length bigint,"
                + " media_type text, file_name text, sha256 text, content_stream_id text, name text,"
                + " description text, created_at timestamptz, author_reference text, author_display text,"
                + " based_on integer, restored_from integer", "v_");
        columns.add(new Column('V', Columns.propertyNames("v.properties"), "v_properties_names", "text[]"));
        columns.add(new Column('V', Columns.propertyValues("v.properties"), "v_properties_values", "text[]"));
        column(columns, 'T', "t", "name text, state integer, created_at timestamptz, trace_id text", "t_");
        column(columns, 'P', "k", "id text, issued_at timestamptz, expires_at timestamptz, revoked_at timestamptz",
                "k_");
        return List.copyOf(columns);
    }

    /** Columns of {@code table}, each given as {@code name type}, read as {@code prefix + name}. */
    private static void column(List<Column> columns, char kind, String table, String namesAndTypes, String prefix) {
        for (String column : namesAndTypes.split(",")) {
            String[] nameAndType = column.strip().split(" ");
            columns.add(new Column(kind, table + "." + nameAndType[0], prefix + nameAndType[0], nameAndType[1]));
        }
    }

    /**
     * The documents that {@code pick} (a condition on {@code documents d}, perhaps with an order
     * and a limit) selects, with all their versions, tags and tokens, as one statement: one
     * snapshot without a transaction, one round trip. Each row is a document ({@code D}), a
     * version ({@code V}), a tag ({@code T}) or a token ({@code P}) and fills that kind's columns.
     */
    private static String read(String pick) {
        return read(pick, "d.created_at, d.number");
    }

    /** The same, in the order given (the order of the page's documents in the answer). */
    private static String read(String pick, String order) {
        return """
                WITH page AS MATERIALIZED (
                    SELECT d.*, row_number() OVER (ORDER BY %s) AS pos FROM documents d %s)
                %s FROM page p
                UNION ALL %s FROM versions v WHERE v.document_id IN (SELECT id FROM page)
                UNION ALL %s FROM tags t WHERE t.document_id IN (SELECT id FROM page)
                UNION ALL %s FROM public_tokens k WHERE k.document_id IN (SELECT id FROM page)
                """.formatted(order, pick, branch('D', "p.id"), branch('V', "v.document_id"), branch('T', "t.document_id"),
                branch('P', "k.document_id"));
    }

    private static String branch(char kind, String documentId) {
        StringBuilder select = new StringBuilder("SELECT '" + kind + "' AS kind, " + documentId + " AS document_id");
        for (Column c : COLUMNS) {
            // Typed, so that each branch of the union agrees on every column's type.
            select.append(", ").append(c.kind() == kind ? c.expression() : "CAST(NULL AS " + c.type() + ")")
                    .append(" AS ").append(c.alias());
        }
        return select.toString();
    }

    /** Documents in the trash are found only by the reads of the trash. */
    private static final String NOT_TRASHED = " AND d.trashed_at IS NULL";
    private static final String READ_BY_ID = read("WHERE d.id = :id AND d.tenant = :tenant" + NOT_TRASHED);
    private static final String READ_BY_NUMBER = read("WHERE d.tenant = :tenant AND d.number = :number" + NOT_TRASHED);
    private static final String READ_PAGE = read("WHERE d.tenant = :tenant" + REACH + NOT_TRASHED
            + " ORDER BY d.created_at, d.number OFFSET :offset LIMIT :limit");
    private static final String READ_IN_TRASH = read("WHERE d.id = :id AND d.tenant = :tenant"
            + " AND d.trashed_at IS NOT NULL");
    private static final String READ_TRASH_PAGE = read("WHERE d.tenant = :tenant AND d.trashed_at IS NOT NULL"
            + " ORDER BY d.trashed_at DESC, d.number DESC OFFSET :offset LIMIT :limit", "d.trashed_at DESC, d.number DESC");
    private static final String READ_TRASHED_BEFORE = read("WHERE d.trashed_at IS NOT NULL AND d.trashed_at <= :cutoff"
            + " ORDER BY d.trashed_at, d.id LIMIT :limit", "d.trashed_at, d.id");

    static final String INSERT_DOCUMENT = """
            INSERT INTO documents (id, tenant, number, filing, patient_id, client_id, project_id, name, description,
                                   properties, visibility, created_at, created_by_reference, created_by_display,
                                   last_modified_at, revision, retain_until, hold_reason, hold_by_reference,
                                   hold_by_display, hold_since, trashed_at, trashed_by_reference, trashed_by_display,
                                   damaged_versions, damage_problems, damage_found_at)
            VALUES (:id, :tenant, :number, :filing, :patient_id, :client_id, :project_id, :name, :description,
                    %s, :visibility, :created_at, :created_by_reference, :created_by_display,
                    :last_modified_at, 1, :retain_until, :hold_reason, :hold_by_reference,
                    :hold_by_display, :hold_since, :trashed_at, :trashed_by_reference, :trashed_by_display,
                    :damaged_versions, :damage_problems, :damage_found_at)
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
                       last_modified_at = :last_modified_at, revision = revision + 1,
                       retain_until = :retain_until, hold_reason = :hold_reason,
                       hold_by_reference = :hold_by_reference, hold_by_display = :hold_by_display,
                       hold_since = :hold_since, trashed_at = :trashed_at,
                       trashed_by_reference = :trashed_by_reference, trashed_by_display = :trashed_by_display,
                       damaged_versions = :damaged_versions, damage_problems = :damage_problems,
                       damage_found_at = :damage_found_at
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

    private final ReadCache cache;

    JdbiDocuments(Jdbi jdbi, ReadCache cache) {
        this.jdbi = jdbi;
        this.cache = cache;
    }

    /** The arguments of a cached page and count of a tenant's documents. */
    private record Page(io.dossier.domain.Reach reach, int offset, int limit) {
    }

    private record Count(io.dossier.domain.Reach reach) {
    }

    @Override
    public Optional<Document> find(TenantId tenant, DocumentId id) {
        return cache.read(ReadCache.Kind.DOCUMENT, tenant, id,
                () -> call("finding document " + id, handle -> documents(handle.createQuery(READ_BY_ID)
                        .bind("id", id.value()).bind("tenant", tenant.value())))
                        .stream().findFirst(),
                found -> found.map(Document::snapshot), kept -> kept.map(Document::restore),
                kept -> kept.map(ReadCache::rows).orElse(1));
    }

    @Override
    public Optional<Document> findByNumber(TenantId tenant, long number) {
        return call("finding document number " + number, handle -> documents(handle.createQuery(READ_BY_NUMBER)
                .bind("tenant", tenant.value()).bind("number", number)))
                .stream().findFirst();
    }

    @Override
    public List<Document> list(TenantId tenant, io.dossier.domain.Reach reach, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new DocumentException.InvalidInput("offset and limit must not be negative");
        }
        return cache.readList(tenant, new Page(reach, offset, limit),
                () -> call("listing documents of " + tenant, handle -> documents(handle.createQuery(READ_PAGE)
                        .bind("tenant", tenant.value()).bind("scoped", reach.clients().isPresent())
                        .bind("clients", reach.clients().orElse(Set.of()).toArray(new Long[0]))
                        .bind("patients_scoped", reach.patients().isPresent())
                        .bind("patients", reach.patients().orElse(Set.of()).toArray(new Long[0]))
                        .bind("offset", offset).bind("limit", limit))),
                page -> page.stream().map(Document::snapshot).toList(),
                kept -> kept.stream().map(Document::restore).toList(),
                kept -> 1 + kept.stream().mapToInt(ReadCache::rows).sum());
    }

    @Override
    public long count(TenantId tenant, io.dossier.domain.Reach reach) {
        return cache.readList(tenant, new Count(reach), () -> call("counting documents of " + tenant,
                        handle -> handle.createQuery(
                                "SELECT count(*) FROM documents d WHERE d.tenant = :tenant" + REACH + NOT_TRASHED)
                        .bind("tenant", tenant.value()).bind("scoped", reach.clients().isPresent())
                        .bind("clients", reach.clients().orElse(Set.of()).toArray(new Long[0]))
                        .bind("patients_scoped", reach.patients().isPresent())
                        .bind("patients", reach.patients().orElse(Set.of()).toArray(new Long[0]))
                        .mapTo(Long.class).one()),
                java.util.function.Function.identity(), java.util.function.Function.identity(), kept -> 1);
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
                return jdbi.withHandle(handle -> changed(handle, insert(handle, document)));
            }
            return jdbi.inTransaction(handle -> changed(handle, document.revision() == 0
                    ? insert(handle, document) : update(handle, document)));
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }

    private Document changed(Handle handle, Document saved) {
        cache.changed(handle, saved.tenant(), saved.id());
        return saved;
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
        Keeping keeping = document.keeping();
        Optional<Keeping.LegalHold> hold = keeping.legalHold();
        Optional<Keeping.Trashed> trashed = keeping.trashed();
        statement.bindByType("retain_until", timestamp(keeping.retainUntil().orElse(null)), OffsetDateTime.class)
                .bindByType("hold_reason", hold.map(Keeping.LegalHold::reason).orElse(null), String.class)
                .bindByType("hold_by_reference", hold.map(h -> h.by().reference()).orElse(null), String.class)
                .bindByType("hold_by_display", hold.map(h -> h.by().display()).orElse(null), String.class)
                .bindByType("hold_since", timestamp(hold.map(Keeping.LegalHold::since).orElse(null)),
                        OffsetDateTime.class)
                .bindByType("trashed_at", timestamp(trashed.map(Keeping.Trashed::at).orElse(null)), OffsetDateTime.class)
                .bindByType("trashed_by_reference", trashed.map(t -> t.by().reference()).orElse(null), String.class)
                .bindByType("trashed_by_display", trashed.map(t -> t.by().display()).orElse(null), String.class)
                .bind("damaged_versions", keeping.damaged().stream().map(Keeping.Damage::version).toArray(Integer[]::new))
                .bind("damage_problems", keeping.damaged().stream().map(Keeping.Damage::problem).toArray(String[]::new))
                .bind("damage_found_at", keeping.damaged().stream().map(d -> d.foundAt().toString())
                        .toArray(String[]::new));
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
    public Optional<Document> findInTrash(TenantId tenant, DocumentId id) {
        return call("finding document " + id + " in the trash", handle -> documents(handle.createQuery(READ_IN_TRASH)
                .bind("id", id.value()).bind("tenant", tenant.value())))
                .stream().findFirst();
    }

    @Override
    public List<Document> trash(TenantId tenant, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new DocumentException.InvalidInput("offset and limit must not be negative");
        }
        return call("listing the trash of " + tenant, handle -> documents(handle.createQuery(READ_TRASH_PAGE)
                .bind("tenant", tenant.value()).bind("offset", offset).bind("limit", limit)));
    }

    @Override
    public long countTrash(TenantId tenant) {
        return call("counting the trash of " + tenant, handle -> handle.createQuery(
                        "SELECT count(*) FROM documents d WHERE d.tenant = :tenant AND d.trashed_at IS NOT NULL")
                .bind("tenant", tenant.value()).mapTo(Long.class).one());
    }

    @Override
    public List<Document> trashedBefore(Instant cutoff, int limit) {
        return call("listing documents deleted before " + cutoff, handle -> documents(handle.createQuery(
                        READ_TRASHED_BEFORE).bind("cutoff", timestamp(cutoff)).bind("limit", limit)));
    }

    @Override
    public boolean delete(TenantId tenant, DocumentId id) {
        // The search entry has no foreign key (its check cost a row lock per save): it goes here.
        return call("deleting document " + id, handle -> {
            boolean deleted = handle.createUpdate("""
                            WITH entry AS (DELETE FROM search_entries WHERE document_id = :id AND tenant = :tenant)
                            DELETE FROM documents WHERE id = :id AND tenant = :tenant""")
                    .bind("id", id.value()).bind("tenant", tenant.value()).execute() > 0;
            if (deleted) {
                cache.changed(handle, tenant, id);
            }
            return deleted;
        });
    }

    /**
     * Numbers are counted per tenant and drawn in blocks, so that creating a document costs no
     * round trip of its own; each value is still handed out once only within its tenant, across
     * all instances. A block left unused at a restart leaves a gap, which document numbers may
     * have; a small block keeps those gaps small.
     */
    @Override
    public void reserveNumbersThrough(TenantId tenant, long number) {
        call("reserving document numbers", handle -> handle.createUpdate("""
                        INSERT INTO document_numbers (tenant, last_number) VALUES (:tenant, :number)
                        ON CONFLICT (tenant) DO UPDATE SET last_number = GREATEST(document_numbers.last_number, :number)
                        """)
                .bind("tenant", tenant.value()).bind("number", number).execute());
        // Numbers this instance drew before and not yet handed out may lie below: they are dropped.
        java.util.Queue<Long> queue = numbers.get(tenant);
        if (queue != null) {
            queue.removeIf(n -> n <= number);
        }
    }

    @Override
    public List<TenantId> tenants() {
        return call("listing tenants", handle -> handle.createQuery(
                        "SELECT DISTINCT tenant COLLATE \"C\" AS tenant FROM documents ORDER BY 1")
                .map((row, ctx) -> new TenantId(row.getString("tenant"))).list());
    }

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
                               long revision, Keeping keeping) {
        Document toDocument(List<Version> versions, List<Tag> tags, List<PublicToken> tokens) {
            return Document.restore(new Document.Snapshot(id, number, tenant, filing, metadata, visibility, createdAt,
                    createdBy, lastModifiedAt, versions, tags, tokens, revision, keeping));
        }
    }

    /** The documents of a read's rows (see {@link #read(String)}), in the order it picked them. */
    private static List<Document> documents(org.jdbi.v3.core.statement.Query read) {
        Map<UUID, DocumentRow> rows = new HashMap<>();
        Map<UUID, Long> positions = new HashMap<>();
        Map<UUID, List<Version>> versions = new HashMap<>();
        Map<UUID, List<Tag>> tags = new HashMap<>();
        Map<UUID, List<PublicToken>> tokens = new HashMap<>();
        read.scanResultSet((supplier, context) -> {
            try (ResultSet row = supplier.get()) {
                while (row.next()) {
                    UUID id = row.getObject("document_id", UUID.class);
                    switch (row.getString("kind").charAt(0)) {
                        case 'D' -> {
                            rows.put(id, documentRow(row, id));
                            positions.put(id, row.getLong("pos"));
                        }
                        case 'V' -> versions.computeIfAbsent(id, k -> new ArrayList<>()).add(version(row));
                        case 'T' -> tags.computeIfAbsent(id, k -> new ArrayList<>()).add(tag(row));
                        default -> tokens.computeIfAbsent(id, k -> new ArrayList<>()).add(token(row));
                    }
                }
                return null;
            } catch (SQLException e) {
                throw new org.jdbi.v3.core.result.ResultSetException("reading documents", e, context);
            }
        });
        return rows.values().stream()
                .sorted(java.util.Comparator.comparing(row -> positions.get(row.id().value())))
                .map(row -> {
                    List<Version> own = new ArrayList<>(versions.getOrDefault(row.id().value(), List.of()));
                    own.sort(java.util.Comparator.comparing(v -> v.number().value()));
                    return row.toDocument(own, tags.getOrDefault(row.id().value(), List.of()),
                            tokens.getOrDefault(row.id().value(), List.of()));
                })
                .toList();
    }

    private static DocumentRow documentRow(ResultSet row, UUID id) throws SQLException {
        return new DocumentRow(
                new DocumentId(id),
                row.getLong("number"),
                new TenantId(row.getString("tenant")),
                filing(row),
                new Metadata(row.getString("name"), row.getString("description"),
                        Columns.properties(row, "properties")),
                Visibility.valueOf(row.getString("visibility")),
                Columns.instant(row, "created_at"),
                Columns.author(row, "created_by"),
                Columns.instant(row, "last_modified_at"),
                row.getLong("revision"),
                keeping(row));
    }

    private static Keeping keeping(ResultSet row) throws SQLException {
        Optional<Keeping.LegalHold> hold = row.getString("hold_reason") == null ? Optional.empty()
                : Optional.of(new Keeping.LegalHold(row.getString("hold_reason"), Columns.author(row, "hold_by"),
                        Columns.instant(row, "hold_since")));
        Optional<Keeping.Trashed> trashed = row.getString("trashed_by_reference") == null ? Optional.empty()
                : Optional.of(new Keeping.Trashed(Columns.instant(row, "trashed_at"), Columns.author(row, "trashed_by")));
        List<Keeping.Damage> damaged = new ArrayList<>();
        java.sql.Array versions = row.getArray("damaged_versions");
        if (versions != null) {
            Object[] numbers = (Object[]) versions.getArray();
            Object[] problems = (Object[]) row.getArray("damage_problems").getArray();
            Object[] found = (Object[]) row.getArray("damage_found_at").getArray();
            for (int i = 0; i < numbers.length; i++) {
                damaged.add(new Keeping.Damage(((Number) numbers[i]).intValue(), (String) problems[i],
                        Instant.parse((String) found[i])));
            }
        }
        return new Keeping(Optional.ofNullable(Columns.instant(row, "retain_until")), hold, trashed, damaged);
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

    private static Version version(ResultSet row) throws SQLException {
        ContentRef content = new ContentRef(row.getString("v_repository_id"), row.getString("v_storage_key"),
                row.getLong("v_content_length"), row.getString("v_media_type"), row.getString("v_file_name"),
                row.getString("v_sha256"), row.getString("v_content_stream_id"));
        Metadata metadata = new Metadata(row.getString("v_name"), row.getString("v_description"),
                Columns.properties(row, "v_properties"));
        return new Version(VersionNumber.of(row.getInt("v_number")), content, metadata,
                Columns.instant(row, "v_created_at"), Columns.author(row, "v_author"),
                Columns.versionNumber(row, "v_based_on"), Columns.versionNumber(row, "v_restored_from"));
    }

    private static Tag tag(ResultSet row) throws SQLException {
        return new Tag(row.getString("t_name"), row.getInt("t_state"), Columns.instant(row, "t_created_at"),
                row.getString("t_trace_id"));
    }

    private static PublicToken token(ResultSet row) throws SQLException {
        return new PublicToken(row.getString("k_id"), Columns.instant(row, "k_issued_at"),
                Columns.instant(row, "k_expires_at"), Optional.ofNullable(Columns.instant(row, "k_revoked_at")));
    }

    // ---- transactions --------------------------------------------------------------------

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
