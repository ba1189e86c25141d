package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Renditions;
import io.dossier.domain.ContentRef;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.VersionNumber;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.adapter.persistence.Columns.instant;
import static io.dossier.adapter.persistence.Columns.timestamp;

/** Renditions in PostgreSQL, one row per version; the pending rows are the job queue. */
final class JdbiRenditions implements Renditions {
    private static final String COLUMNS = """
            document_id, version_number, tenant, state, repository_id, storage_key, content_length, sha256,
            content_stream_id, truncated, reason, attempts, updated_at""";

    private static final String CLAIM = """
            UPDATE renditions r
               SET leased_until = :until
              FROM (SELECT document_id, version_number
                      FROM renditions
                     WHERE state = 'PENDING' AND due_at <= :now AND (leased_until IS NULL OR leased_until <= :now)
                     ORDER BY due_at
                     LIMIT :max
                       FOR UPDATE SKIP LOCKED) due
             WHERE r.document_id = due.document_id AND r.version_number = due.version_number
            RETURNING r.document_id, r.version_number, r.tenant, r.state, r.repository_id, r.storage_key,
                      r.content_length, r.sha256, r.content_stream_id, r.truncated, r.reason, r.attempts,
                      r.updated_at
            """;

    private static final String RECORD = """
            UPDATE renditions
               SET state = :state, repository_id = :repository_id, storage_key = :storage_key,
                   content_length = :content_length, sha256 = :sha256, content_stream_id = :content_stream_id,
                   truncated = :truncated, reason = :reason, attempts = :attempts, updated_at = :updated_at,
                   due_at = :due_at, leased_until = NULL, maker = :maker
             WHERE tenant = :tenant AND document_id = :document_id AND version_number = :version_number
            """;

    /** Versions without a rendition, or with a finished one of another maker, pended (again). */
    private static final String PEND_STALE = """
            WITH stale AS (
                SELECT v.document_id, v.number, d.tenant
                  FROM versions v
                  JOIN documents d ON d.id = v.document_id
                  LEFT JOIN renditions r ON r.document_id = v.document_id AND r.version_number = v.number
                 WHERE r.document_id IS NULL OR (r.state <> 'PENDING' AND r.maker <> :maker)
                 ORDER BY v.document_id, v.number
                 LIMIT :max)
            INSERT INTO renditions (document_id, version_number, tenant, state, attempts, updated_at, due_at)
            SELECT document_id, number, tenant, 'PENDING', 0, :now, :now FROM stale
            ON CONFLICT (document_id, version_number) DO UPDATE
               SET state = 'PENDING', repository_id = NULL, storage_key = NULL, content_length = NULL, sha256 = NULL,
                   content_stream_id = NULL, truncated = false, reason = NULL, attempts = 0,
                   updated_at = excluded.updated_at, due_at = excluded.due_at, leased_until = NULL, maker = ''
            """;

    private final Jdbi jdbi;

    private final ReadCache cache;

    JdbiRenditions(Jdbi jdbi, ReadCache cache) {
        this.jdbi = jdbi;
        this.cache = cache;
    }

    @Override
    public void pend(TenantId tenant, Rendition pending) {
        call("pending a rendition of " + pending.documentId(), handle -> changed(handle, tenant, pending.documentId(),
                handle.createUpdate("""
                        INSERT INTO renditions (document_id, version_number, tenant, state, attempts, updated_at, due_at)
                        VALUES (:document_id, :version_number, :tenant, 'PENDING', 0, :updated_at, :updated_at)
                        ON CONFLICT (document_id, version_number) DO NOTHING
                        """)
                .bind("document_id", pending.documentId().value())
                .bind("version_number", pending.version().value())
                .bind("tenant", tenant.value())
                .bind("updated_at", timestamp(pending.updatedAt()))
                .execute()));
    }

    /** Evicts the document's renditions once its work commits, when the statement changed rows. */
    private int changed(org.jdbi.v3.core.Handle handle, TenantId tenant, DocumentId document, int rows) {
        if (rows > 0) {
            cache.changed(handle, tenant, document);
        }
        return rows;
    }

    @Override
    public List<Job> claim(int max, Instant now, Duration lease) {
        return call("claiming renditions", handle -> {
            List<Job> claimed = handle.createQuery(CLAIM)
                    .bind("until", timestamp(now.plus(lease)))
                    .bind("now", timestamp(now))
                    .bind("max", max)
                    .map((row, ctx) -> new Job(new TenantId(row.getString("tenant")), rendition(row)))
                    .list();
            claimed.forEach(job -> cache.changed(handle, job.tenant(), job.rendition().documentId()));
            return claimed;
        });
    }

    @Override
    public void record(TenantId tenant, Rendition outcome, Instant dueAt, String maker) {
        Optional<ContentRef> content = outcome.content();
        call("recording a rendition of " + outcome.documentId(), handle -> changed(handle, tenant,
                outcome.documentId(), handle.createUpdate(RECORD)
                .bind("tenant", tenant.value())
                .bind("document_id", outcome.documentId().value())
                .bind("version_number", outcome.version().value())
                .bind("state", outcome.state().name())
                .bind("repository_id", content.map(ContentRef::repositoryId).orElse(null))
                .bind("storage_key", content.map(ContentRef::key).orElse(null))
                .bind("content_length", content.map(ContentRef::length).orElse(null))
                .bind("sha256", content.map(ContentRef::sha256).orElse(null))
                .bind("content_stream_id", content.map(ContentRef::contentStreamId).orElse(null))
                .bind("truncated", outcome.truncated())
                .bind("reason", outcome.reason().orElse(null))
                .bind("attempts", outcome.attempts())
                .bind("updated_at", timestamp(outcome.updatedAt()))
                .bind("due_at", timestamp(dueAt))
                .bind("maker", maker)
                .execute()));
    }

    @Override
    public Optional<Rendition> find(TenantId tenant, DocumentId documentId, VersionNumber version) {
        return call("reading a rendition of " + documentId, handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM renditions WHERE tenant = :tenant AND document_id = :document_id"
                        + " AND version_number = :version_number")
                .bind("tenant", tenant.value())
                .bind("document_id", documentId.value())
                .bind("version_number", version.value())
                .map((row, ctx) -> rendition(row))
                .findOne());
    }

    @Override
    public List<Rendition> ofDocument(TenantId tenant, DocumentId documentId) {
        return cache.read(ReadCache.Kind.RENDITIONS, tenant, documentId,
                () -> call("reading the renditions of " + documentId, handle -> handle.createQuery("SELECT " + COLUMNS
                                + " FROM renditions WHERE tenant = :tenant AND document_id = :document_id"
                                + " ORDER BY version_number")
                        .bind("tenant", tenant.value())
                        .bind("document_id", documentId.value())
                        .map((row, ctx) -> rendition(row))
                        .list()),
                List::copyOf, kept -> kept, kept -> 1 + kept.size());
    }

    @Override
    public int pendStale(String maker, int max, Instant now) {
        return call("pending stale renditions", handle -> {
            int pended = handle.createUpdate(PEND_STALE)
                    .bind("maker", maker)
                    .bind("max", max)
                    .bind("now", timestamp(now))
                    .execute();
            if (pended > 0) {
                cache.changedAll(handle);
            }
            return pended;
        });
    }

    @Override
    public boolean references(StorageKey key) {
        return call("checking an object's rendition", handle -> handle.createQuery("""
                        SELECT EXISTS (SELECT 1 FROM renditions WHERE storage_key = :key AND repository_id = :repository)
                        """)
                .bind("key", key.key())
                .bind("repository", key.repositoryId())
                .mapTo(Boolean.class)
                .one());
    }

    private static Rendition rendition(ResultSet row) throws SQLException {
        DocumentId documentId = new DocumentId(row.getObject("document_id", UUID.class));
        Optional<ContentRef> content = row.getString("storage_key") == null ? Optional.empty()
                : Optional.of(new ContentRef(row.getString("repository_id"), row.getString("storage_key"),
                row.getLong("content_length"), Rendition.MEDIA_TYPE, Rendition.FILE_NAME, row.getString("sha256"),
                row.getString("content_stream_id")));
        return new Rendition(documentId, VersionNumber.of(row.getInt("version_number")),
                Rendition.State.valueOf(row.getString("state")), content, row.getBoolean("truncated"),
                Optional.ofNullable(row.getString("reason")), row.getInt("attempts"), instant(row, "updated_at"));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
