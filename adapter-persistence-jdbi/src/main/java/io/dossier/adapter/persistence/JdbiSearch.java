package io.dossier.adapter.persistence;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.Tag;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.adapter.persistence.Columns.instant;
import static io.dossier.adapter.persistence.Columns.timestamp;

/**
 * Full-text search in PostgreSQL: a tsvector per document (name weighted A; file name and tags
 * B; description and property values C; the current content's text D) under a GIN index,
 * queried with {@code websearch_to_tsquery}, ranked with {@code ts_rank}, quoted with
 * {@code ts_headline}. Tenant, reach and filters are part of the same statement. Pages follow
 * each other by keyset (rank or creation time, then id), so that a page never repeats a hit.
 */
final class JdbiSearch implements DocumentSearch {
    private static final String FIELDS = """
            setweight(to_tsvector(CAST(:cfg AS regconfig), dossier_fold(:name)), 'A')
            || setweight(to_tsvector(CAST(:cfg AS regconfig), dossier_fold(:labels)), 'B')
            || setweight(to_tsvector(CAST(:cfg AS regconfig), dossier_fold(:details)), 'C')""";

    private static final String INDEX = """
            WITH f AS (SELECT %s AS words)
            INSERT INTO search_entries (document_id, tenant, created_at, modified_at, media_type, content_sha256, author,
                                        visibility, patient_id, client_id, project_id, tags, name, fields_words, words)
            SELECT :id, :tenant, :created_at, :modified_at, :media_type, :sha256, :author, :visibility, :patient_id,
                   :client_id, :project_id, :tags, :name, f.words, f.words FROM f
            ON CONFLICT (document_id) DO UPDATE
               SET modified_at = excluded.modified_at, media_type = excluded.media_type,
                   content_sha256 = excluded.content_sha256, author = excluded.author,
                   visibility = excluded.visibility, patient_id = excluded.patient_id,
                   client_id = excluded.client_id, project_id = excluded.project_id, tags = excluded.tags,
                   name = excluded.name, fields_words = excluded.fields_words,
                   -- The text stays while the content it came from is current.
                   body = CASE WHEN search_entries.body_sha256 = excluded.content_sha256 THEN search_entries.body END,
                   body_sha256 = CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                      THEN search_entries.body_sha256 END,
                   body_words = CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                     THEN search_entries.body_words ELSE ''::tsvector END,
                   words = excluded.fields_words || CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                                         THEN search_entries.body_words ELSE ''::tsvector END
             WHERE search_entries.tenant = excluded.tenant
            """.formatted(FIELDS);

    private static final String INDEX_TEXT = """
            WITH b AS (SELECT setweight(to_tsvector(CAST(:cfg AS regconfig), dossier_fold(:text)), 'D') AS words)
            UPDATE search_entries e
               SET body = :text, body_sha256 = :sha256, body_words = b.words, words = e.fields_words || b.words
              FROM b
             WHERE e.document_id = :id AND e.tenant = :tenant AND e.content_sha256 = :sha256
            """;

    private final Jdbi jdbi;
    private final String configuration;

    JdbiSearch(Jdbi jdbi, String configuration) {
        this.jdbi = jdbi;
        this.configuration = configuration;
    }

    @Override
    public void index(Document d) {
        Optional<Version> current = d.currentVersion();
        List<String> tags = new ArrayList<>();
        StringBuilder tagNames = new StringBuilder();
        for (Tag tag : d.tags()) {
            tags.add(tag.name());
            tags.add(tag.name() + "=" + tag.state());
            tagNames.append(' ').append(tag.name());
        }
        String labels = (current.map(v -> v.content().fileName()).orElse("") + tagNames).replaceAll("[^\\p{L}\\p{N}]+", " ");
        String details = d.metadata().description() + " " + String.join(" ", d.metadata().properties().values());
        Long patient = d.filing() instanceof Filing.Patient p ? p.patientId() : null;
        Long client = d.filing() instanceof Filing.Project p ? p.clientId() : null;
        Long project = d.filing() instanceof Filing.Project p ? p.projectId() : null;
        call("indexing document " + d.id(), handle -> handle.createUpdate(INDEX)
                .bind("cfg", configuration)
                .bind("id", d.id().value())
                .bind("tenant", d.tenant().value())
                .bind("created_at", timestamp(d.createdAt()))
                .bind("modified_at", timestamp(d.lastModifiedAt()))
                .bind("media_type", current.map(v -> MediaTypes.essence(v.content().mediaType())).orElse(null))
                .bind("sha256", current.map(v -> v.content().sha256()).orElse(null))
                .bind("author", current.map(v -> v.author().reference()).orElse(d.createdBy().reference()))
                .bind("visibility", d.visibility().name())
                .bind("patient_id", patient)
                .bind("client_id", client)
                .bind("project_id", project)
                .bind("tags", tags.toArray(new String[0]))
                .bind("name", clean(d.metadata().name()))
                .bind("labels", clean(labels))
                .bind("details", clean(details))
                .execute());
    }

    @Override
    public void indexText(TenantId tenant, DocumentId documentId, String contentSha256, String text) {
        String kept = clean(text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text);
        call("indexing the text of " + documentId, handle -> handle.createUpdate(INDEX_TEXT)
                .bind("cfg", configuration)
                .bind("id", documentId.value())
                .bind("tenant", tenant.value())
                .bind("sha256", contentSha256)
                .bind("text", kept)
                .execute());
    }

    @Override
    public Hits search(TenantId tenant, Reach reach, SearchQuery query, int limit) {
        boolean words = query.text().isPresent();
        Map<String, Object> binds = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder("e.tenant = :tenant");
        binds.put("tenant", tenant.value());
        binds.put("cfg", configuration);
        if (words) {
            where.append(" AND e.words @@ q.query");
            binds.put("text", query.text().get());
        }
        reach.clients().ifPresent(ids -> {
            where.append(" AND (e.client_id IS NULL OR e.client_id = ANY(:reach_clients))");
            binds.put("reach_clients", ids.toArray(new Long[0]));
        });
        reach.patients().ifPresent(ids -> {
            where.append(" AND (e.patient_id IS NULL OR e.patient_id = ANY(:reach_patients))");
            binds.put("reach_patients", ids.toArray(new Long[0]));
        });
        query.tag().ifPresent(tag -> {
            where.append(" AND e.tags @> ARRAY[CAST(:tag AS text)]");
            binds.put("tag", query.tagState().map(state -> tag + "=" + state).orElse(tag));
        });
        filter(where, binds, "e.media_type = :media_type", "media_type", query.mediaType());
        filter(where, binds, "e.created_at >= :created_from", "created_from", query.createdFrom().map(Columns::timestamp));
        filter(where, binds, "e.created_at <= :created_to", "created_to", query.createdTo().map(Columns::timestamp));
        filter(where, binds, "e.modified_at >= :modified_from", "modified_from", query.modifiedFrom().map(Columns::timestamp));
        filter(where, binds, "e.modified_at <= :modified_to", "modified_to", query.modifiedTo().map(Columns::timestamp));
        filter(where, binds, "e.author = :author", "author", query.author());
        filter(where, binds, "e.visibility = :visibility", "visibility", query.visibility().map(Enum::name));
        filter(where, binds, "e.patient_id = :patient", "patient", query.patient());
        filter(where, binds, "e.client_id = :client", "client", query.client());
        filter(where, binds, "e.project_id = :project", "project", query.project());
        query.after().map(JdbiSearch::decode).ifPresent(cursor -> {
            where.append(words
                    ? " AND (s_rank < :after_rank OR (s_rank = :after_rank AND e.document_id > :after_id))"
                    : " AND (e.created_at, e.document_id) > (:after_created, :after_id)");
            binds.put("after_rank", cursor.rank());
            binds.put("after_created", timestamp(cursor.created()));
            binds.put("after_id", cursor.id());
        });
        String rank = words ? "ts_rank(e.words, q.query)" : "CAST(0 AS real)";
        String from = words
                ? "search_entries e, (SELECT websearch_to_tsquery(CAST(:cfg AS regconfig), dossier_fold(:text)) AS query) q"
                : "search_entries e";
        // The rank is named once in a lateral so that the cursor's condition can use it.
        String sql = "SELECT e.document_id, e.created_at, s_rank"
                + (words ? ", ts_headline(CAST(:cfg AS regconfig), escaped, q.query, "
                        + "'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2') AS snippet" : "")
                + " FROM " + from
                + " CROSS JOIN LATERAL (SELECT " + rank + " AS s_rank) r"
                + (words ? " CROSS JOIN LATERAL (SELECT replace(replace(replace(coalesce(e.body, e.name), '&', '&amp;'),"
                        + " '<', '&lt;'), '>', '&gt;') AS escaped) x" : "")
                + " WHERE " + where
                + (words ? " ORDER BY s_rank DESC, e.document_id" : " ORDER BY e.created_at, e.document_id")
                + " LIMIT :limit";
        binds.put("limit", limit + 1);
        List<Row> rows = call("searching", handle -> {
            Query statement = handle.createQuery(sql);
            binds.forEach(statement::bind);
            return statement.map((row, ctx) -> new Row(row.getObject("document_id", UUID.class), instant(row, "created_at"),
                    row.getFloat("s_rank"), words ? Optional.ofNullable(row.getString("snippet")) : Optional.empty()))
                    .list();
        });
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        List<Hit> hits = page.stream().map(r -> new Hit(new DocumentId(r.id()), r.rank(), r.snippet())).toList();
        return new Hits(hits, more ? Optional.of(encode(page.get(page.size() - 1))) : Optional.empty());
    }

    private record Row(UUID id, Instant created, float rank, Optional<String> snippet) {
    }

    private static void filter(StringBuilder where, Map<String, Object> binds, String condition, String name,
                               Optional<?> value) {
        value.ifPresent(v -> {
            where.append(" AND ").append(condition);
            binds.put(name, v);
        });
    }

    /** PostgreSQL text holds no NUL; extracted text may. */
    private static String clean(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", " ");
    }

    private static String encode(Row last) {
        String key = Float.floatToIntBits(last.rank()) + "|" + last.created() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Row decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            return new Row(UUID.fromString(parts[2]), Instant.parse(parts[1]), Float.intBitsToFloat(Integer.parseInt(parts[0])),
                    Optional.empty());
        } catch (RuntimeException e) {
            throw new DocumentException.InvalidInput("the cursor is not one this search gave");
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
