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
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * {@code ts_headline}. Tenant, reach and filters are part of the same statement. Word queries
 * rank windows of the newest matches, phrases are narrowed by an index of adjacent word pairs
 * (ADR 0006). Pages follow each other by keyset, so that a page never repeats a hit.
 */
final class JdbiSearch implements DocumentSearch {
    private static String fields(String p) {
        return """
                setweight(to_tsvector(CAST(:%1$scfg AS regconfig), dossier_fold(:%1$snamewords)), 'A')
                || setweight(to_tsvector(CAST(:%1$scfg AS regconfig), dossier_fold(:%1$slabels)), 'B')
                || setweight(to_tsvector(CAST(:%1$scfg AS regconfig), dossier_fold(:%1$sdetails)), 'C')""".formatted(p);
    }

    /** The insert of an entry; its parameters named with {@code p} in front. */
    private static String insert(String p) {
        return """
                INSERT INTO search_entries (document_id, tenant, created_at, modified_at, media_type, content_sha256,
                                            author, visibility, patient_id, client_id, project_id, tags, name,
                                            fields_words, words, pairs, in_trash)
                SELECT :%1$sid, :%1$stenant, :%1$screated_at, :%1$smodified_at, :%1$smedia_type, :%1$ssha256, :%1$sauthor,
                       :%1$svisibility, :%1$spatient_id, :%1$sclient_id, :%1$sproject_id, :%1$stags, :%1$sname,
                       f.words, f.words, %2$s, :%1$sin_trash
                  FROM (SELECT %3$s AS words) f""".formatted(p, pairsOf("f.words"), fields(p));
    }

    /**
     * The entry of a new document as part of the statement that inserts the document (and its
     * first ticket): see {@link JdbiUploadTickets#saveWithNewDocument}.
     */
    static final String NEW_ENTRY_PREFIX = "entry_";
    static final String INSERT_NEW_ENTRY = insert(NEW_ENTRY_PREFIX);

    /**
     * The pair buckets of a (small) tsvector, as {@code dossier_pairs} computes them (that function
     * is for the migration's own rows), written into the statement.
     */
    private static String pairsOf(String vector) {
        return """
                (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(md5(a.lexeme || ' ' || b.lexeme), 4))), ''::tsvector)
                   FROM (SELECT u.lexeme, p FROM unnest(%1$s) u, unnest(u.positions) p) a
                   JOIN (SELECT u.lexeme, p FROM unnest(%1$s) u, unnest(u.positions) p) b ON b.p = a.p + 1)"""
                .formatted(vector);
    }

    private static final String INDEX = """
            %s
             -- No foreign key (its check locks the document's row): a document deleted meanwhile gets no entry.
             WHERE EXISTS (SELECT 1 FROM documents WHERE id = :id)
            ON CONFLICT (document_id) DO UPDATE
               SET modified_at = excluded.modified_at, media_type = excluded.media_type,
                   content_sha256 = excluded.content_sha256, author = excluded.author,
                   visibility = excluded.visibility, patient_id = excluded.patient_id,
                   client_id = excluded.client_id, project_id = excluded.project_id, tags = excluded.tags,
                   name = excluded.name, fields_words = excluded.fields_words, in_trash = excluded.in_trash,
                   -- The text stays while the content it came from is current.
                   body = CASE WHEN search_entries.body_sha256 = excluded.content_sha256 THEN search_entries.body END,
                   body_sha256 = CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                      THEN search_entries.body_sha256 END,
                   body_words = CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                     THEN search_entries.body_words ELSE ''::tsvector END,
                   words = excluded.fields_words || CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                                         THEN search_entries.body_words ELSE ''::tsvector END,
                   -- Kept pairs may include those of fields as they were: more candidates, never fewer.
                   pairs = excluded.pairs
                           || CASE WHEN search_entries.body_sha256 = excluded.content_sha256
                                   THEN search_entries.pairs ELSE ''::tsvector END
             WHERE search_entries.tenant = excluded.tenant
            """.formatted(insert(""));

    private static final String TEXT_WORDS = "SELECT CAST(setweight(to_tsvector(CAST(:cfg AS regconfig), dossier_fold(:text)), 'D') AS text)";

    /** The text's words come as computed just before, and its pairs as computed from them here. */
    private static final String INDEX_TEXT = """
            UPDATE search_entries e
               SET body = :text, body_sha256 = :sha256, body_words = CAST(:words AS tsvector),
                   words = e.fields_words || CAST(:words AS tsvector),
                   pairs = %s || array_to_tsvector(CAST(:pairs AS text[]))
             WHERE e.document_id = :id AND e.tenant = :tenant AND e.content_sha256 = :sha256
            """.formatted(pairsOf("e.fields_words"));

    private static final String QUERY = "websearch_to_tsquery(CAST(:cfg AS regconfig), dossier_fold(:text))";

    /** Unnamed statements, which PostgreSQL plans with the values bound, never with a cached plan. */
    private static final StatementCustomizer CUSTOM_PLAN = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            if (statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        }
    };

    private static final java.util.regex.Pattern NOT_WORDS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Words joined by dots, slashes, at signs and the like: "käsebrot.png", "a/b.pdf", "x@y.example". */
    private static final java.util.regex.Pattern JOINED =
            java.util.regex.Pattern.compile("[\\p{L}\\p{N}\\p{M}]+(?:[./@\\\\~:_+\\-]+[\\p{L}\\p{N}\\p{M}]+)+");

    /** How many of the newest matches of a query are ranked together. */
    static final int RANK_WINDOW = 500;

    /**
     * The same for a query with a phrase: a phrase is checked row by row in the words of each
     * candidate, and the common ones (two words often side by side) have thousands of candidates
     * that the pair index cannot tell apart (ADR 0006).
     */
    static final int PHRASE_WINDOW = 100;

    private final Jdbi jdbi;
    private final String configuration;
    private final int rankWindow;

    JdbiSearch(Jdbi jdbi, String configuration, int rankWindow) {
        this.jdbi = jdbi;
        this.configuration = configuration;
        this.rankWindow = rankWindow;
    }

    @Override
    public void index(Document d) {
        Written hint = written.get();
        if (hint != null) {
            written.remove();
            if (hint.id().equals(d.id()) && hint.revision() == d.revision() && d.versions().isEmpty()
                    && d.tags().isEmpty()) {
                return; // its entry came with the statement that saved it, from this very document
            }
        }
        call("indexing document " + d.id(), handle -> bindEntry(handle.createUpdate(INDEX), "", d).execute());
    }

    /** A new document whose entry was written with it, on this thread, just now. */
    private record Written(DocumentId id, long revision) {
    }

    private final ThreadLocal<Written> written = new ThreadLocal<>();

    /** Says that this document's entry, as it is now, was written by the statement that saved it. */
    void writtenWith(Document saved) {
        written.set(new Written(saved.id(), saved.revision()));
    }

    /** Binds what an entry of {@code d} holds, with {@code p} in front of each name. */
    <S extends SqlStatement<S>> S bindEntry(S statement, String p, Document d) {
        Optional<Version> current = d.currentVersion();
        List<String> tags = new ArrayList<>();
        StringBuilder tagNames = new StringBuilder();
        for (Tag tag : d.tags()) {
            tags.add(tag.name());
            tags.add(tag.name() + "=" + tag.state());
            tagNames.append(' ').append(tag.name());
        }
        String labels = NOT_WORDS.matcher(current.map(v -> v.content().fileName()).orElse("") + tagNames).replaceAll(" ");
        String details = d.metadata().description() + " " + String.join(" ", d.metadata().properties().values());
        Long patient = d.filing() instanceof Filing.Patient f ? f.patientId() : null;
        Long client = d.filing() instanceof Filing.Project f ? f.clientId() : null;
        Long project = d.filing() instanceof Filing.Project f ? f.projectId() : null;
        return statement.bind(p + "cfg", configuration)
                .bind(p + "id", d.id().value())
                .bind(p + "tenant", d.tenant().value())
                .bind(p + "created_at", timestamp(d.createdAt()))
                .bind(p + "modified_at", timestamp(d.lastModifiedAt()))
                .bind(p + "media_type", current.map(v -> MediaTypes.essence(v.content().mediaType())).orElse(null))
                .bind(p + "sha256", current.map(v -> v.content().sha256()).orElse(null))
                .bind(p + "author", current.map(v -> v.author().reference()).orElse(d.createdBy().reference()))
                .bind(p + "visibility", d.visibility().name())
                .bind(p + "patient_id", patient)
                .bind(p + "client_id", client)
                .bind(p + "project_id", project)
                .bind(p + "tags", tags.toArray(new String[0]))
                .bind(p + "name", clean(d.metadata().name()))
                .bind(p + "namewords", withParts(clean(d.metadata().name())))
                .bind(p + "labels", clean(labels))
                .bind(p + "details", withParts(clean(details)))
                .bind(p + "in_trash", d.isTrashed());
    }

    @Override
    public void indexText(TenantId tenant, DocumentId documentId, String contentSha256, String text) {
        String kept = clean(text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text);
        call("indexing the text of " + documentId, handle -> {
            String words = handle.createQuery(TEXT_WORDS).bind("cfg", configuration).bind("text", withParts(kept))
                    .mapTo(String.class).one();
            return handle.createUpdate(INDEX_TEXT)
                    .bind("id", documentId.value())
                    .bind("tenant", tenant.value())
                    .bind("sha256", contentSha256)
                    .bind("text", kept)
                    .bind("words", words)
                    .bind("pairs", WordPairs.ofVector(words))
                    .execute();
        });
    }

    @Override
    public Hits search(TenantId tenant, Reach reach, SearchQuery query, int limit) {
        Map<String, Object> binds = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder("e.tenant = :tenant AND NOT e.in_trash");
        binds.put("tenant", tenant.value());
        binds.put("cfg", configuration);
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
        Optional<Cursor> after = query.after().map(JdbiSearch::decode);
        binds.put("limit", limit + 1);
        return query.text().isPresent()
                ? ranked(query.text().get(), where, binds, after, limit)
                : listed(where, binds, after, limit);
    }

    /** Without words: in creation order. */
    private Hits listed(StringBuilder where, Map<String, Object> binds, Optional<Cursor> after, int limit) {
        after.ifPresent(cursor -> {
            if (cursor.kind() != 'L') {
                throw new DocumentException.InvalidInput("the cursor is not one this search gave");
            }
            where.append(" AND (e.created_at, e.document_id) > (:after_created, :after_id)");
            binds.put("after_created", timestamp(cursor.created()));
            binds.put("after_id", cursor.id());
        });
        String sql = "SELECT e.document_id, e.created_at FROM search_entries e WHERE " + where
                + " ORDER BY e.created_at, e.document_id LIMIT :limit";
        List<Row> rows = query(sql, binds, (row, ctx) -> new Row(row.getObject("document_id", UUID.class),
                instant(row, "created_at"), 0, Optional.empty()));
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        Row last = page.isEmpty() ? null : page.get(page.size() - 1);
        return hits(page, more ? Optional.of(new Cursor('L', last.created(), last.id(), 0, null)) : Optional.empty());
    }

    /**
     * With words: the newest {@code rankWindow} matches (of those a cursor leaves) ranked among
     * themselves, then the next window when that one is used up before the page is full. Bounded
     * work per window however many documents hold a word (ADR 0006); exactly in order of
     * relevance whenever the matches fit one window.
     */
    private Hits ranked(String text, StringBuilder where, Map<String, Object> binds, Optional<Cursor> after, int limit) {
        binds.put("text", text);
        Optional<String> pairs = phrasePairs(text);
        if (pairs.isPresent()) {
            // The pair index finds the candidates; the words are checked row by row, as a function
            // that no index answers: else the planner ANDs in the word index (all entries holding
            // both words, tens of thousands) and then re-checks the pairs of every candidate, which
            // lie out of line. Words first, so that scanning newest first reads pairs of matches only.
            where.append(" AND ts_match_vq(e.words, ").append(QUERY).append(") AND e.pairs @@ CAST(:pairs AS tsquery)");
            binds.put("pairs", pairs.get());
        } else {
            where.append(" AND e.words @@ ").append(QUERY);
        }
        int window = pairs.isPresent() ? Math.min(rankWindow, PHRASE_WINDOW) : rankWindow;
        binds.put("window", window);
        // A phrase's matches are found among the pair index's candidates, never by scanning the
        // newest entries: the planner guesses how many entries hold a phrase, often a hundred times
        // too many for a rare one whose bucket it shares with a common pair, and then scans for
        // matches that hardly exist (76,000 rows, 169 ms, for one). The candidates bound the work.
        String newest = pairs.isPresent()
                ? "e.created_at + INTERVAL '0 seconds' DESC, e.document_id DESC" // an order no index gives
                : "e.created_at DESC, e.document_id DESC";
        List<Row> page = new ArrayList<>();
        Optional<Cursor> cursor = after;
        while (true) {
            Window found = window(where, binds, window, newest, cursor, limit - page.size());
            int taken = Math.min(found.rows().size(), limit - page.size());
            page.addAll(found.rows().subList(0, taken));
            // More in this window: on within it. Else the next window, if this one was full.
            cursor = found.rows().size() > taken
                    ? Optional.of(new Cursor('W', found.newestCreated(), found.newestId(),
                            page.get(page.size() - 1).rank(), page.get(page.size() - 1).id()))
                    : found.full() ? Optional.of(new Cursor('N', found.oldestCreated(), found.oldestId(), 0, null))
                    : Optional.empty();
            if (cursor.isEmpty() || page.size() >= limit) {
                return hits(page, cursor);
            }
        }
    }

    private Window window(StringBuilder where, Map<String, Object> binds, int size, String newest,
                          Optional<Cursor> cursor, int wanted) {
        StringBuilder condition = new StringBuilder(where);
        String inWindow = "";
        Map<String, Object> values = new LinkedHashMap<>(binds);
        values.put("limit", wanted + 1);
        if (cursor.isPresent()) {
            Cursor c = cursor.get();
            values.put("bound_created", timestamp(c.created()));
            values.put("bound_id", c.id());
            switch (c.kind()) {
                case 'W' -> {
                    condition.append(" AND (e.created_at, e.document_id) <= (:bound_created, :bound_id)");
                    inWindow = " WHERE r.s_rank < :after_rank OR (r.s_rank = :after_rank AND r.document_id > :after_id)";
                    values.put("after_rank", c.rank());
                    values.put("after_id", c.afterId());
                }
                case 'N' -> condition.append(" AND (e.created_at, e.document_id) < (:bound_created, :bound_id)");
                default -> throw new DocumentException.InvalidInput("the cursor is not one this search gave");
            }
        }
        String sql = """
                WITH w AS (
                    SELECT e.document_id, e.created_at, e.words, e.body, e.name
                      FROM search_entries e
                     WHERE %s
                     ORDER BY %s
                     LIMIT :window),
                r AS (
                    SELECT w.document_id, w.body, w.name, ts_rank(w.words, %s) AS s_rank, count(*) OVER newest AS size,
                           first_value(w.created_at) OVER newest AS newest_created,
                           first_value(w.document_id) OVER newest AS newest_id,
                           last_value(w.created_at) OVER newest AS oldest_created,
                           last_value(w.document_id) OVER newest AS oldest_id
                      FROM w
                    WINDOW newest AS (ORDER BY w.created_at DESC, w.document_id DESC
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
                SELECT p.*, ts_headline(CAST(:cfg AS regconfig),
                           replace(replace(replace(coalesce(p.body, p.name), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
                           %s, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2') AS snippet
                  FROM (SELECT * FROM r%s ORDER BY r.s_rank DESC, r.document_id LIMIT :limit) p
                 ORDER BY p.s_rank DESC, p.document_id
                """.formatted(condition, newest, QUERY, QUERY, inWindow);
        List<Row> rows = new ArrayList<>();
        Window[] shape = {null};
        query(sql, values, (row, ctx) -> {
            if (shape[0] == null) {
                shape[0] = new Window(rows, row.getLong("size") >= size, instant(row, "newest_created"),
                        row.getObject("newest_id", UUID.class), instant(row, "oldest_created"),
                        row.getObject("oldest_id", UUID.class));
            }
            rows.add(new Row(row.getObject("document_id", UUID.class), null, row.getFloat("s_rank"),
                    Optional.ofNullable(row.getString("snippet"))));
            return row;
        });
        return shape[0] != null ? shape[0] : new Window(rows, false, null, null, null, null);
    }

    /** The rows of one window's page, and where the window lies among the matches. */
    private record Window(List<Row> rows, boolean full, Instant newestCreated, UUID newestId, Instant oldestCreated,
                          UUID oldestId) {
    }

    /**
     * The pairs of adjacent words a query's phrases need, as a query on {@code pairs}: a necessary
     * condition that an index answers exactly. Only for queries of words, phrases and AND: with an
     * OR or a NOT anywhere, nothing is derived (the search stays right, only slower).
     */
    private Optional<String> phrasePairs(String text) {
        if (text.indexOf('"') < 0 && !text.matches("(?s).*[\\p{L}\\p{N}][^\\p{L}\\p{N}\\s][\\p{L}\\p{N}].*")) {
            return Optional.empty(); // websearch syntax makes phrases of quotes and of joined words only
        }
        String parsed = call("parsing a query", handle -> handle.createQuery("SELECT CAST(" + QUERY + " AS text)")
                .bind("cfg", configuration).bind("text", text).mapTo(String.class).one());
        return WordPairs.ofQuery(parsed);
    }

    private <T> List<T> query(String sql, Map<String, Object> binds, org.jdbi.v3.core.mapper.RowMapper<T> mapper) {
        return call("searching", handle -> {
            Query statement = handle.createQuery(sql);
            // Planned for each query's own words: a plan cached for one word (scan the newest entries
            // for it) is many times too slow for another (look it up in the index), and back.
            statement.addCustomizer(CUSTOM_PLAN);
            binds.forEach(statement::bind);
            return statement.map(mapper).list();
        });
    }

    private static Hits hits(List<Row> page, Optional<Cursor> next) {
        List<Hit> hits = page.stream().map(r -> new Hit(new DocumentId(r.id()), r.rank(), r.snippet())).toList();
        return new Hits(hits, next.map(JdbiSearch::encode));
    }

    private record Row(UUID id, Instant created, float rank, Optional<String> snippet) {
    }

    /**
     * Where a page starts. {@code L}: a listing, after (created, id). {@code W}: within the window
     * whose newest match is (created, id), after (rank, afterId). {@code N}: the window of matches
     * older than (created, id).
     */
    private record Cursor(char kind, Instant created, UUID id, float rank, UUID afterId) {
    }

    private static void filter(StringBuilder where, Map<String, Object> binds, String condition, String name,
                               Optional<?> value) {
        value.ifPresent(v -> {
            where.append(" AND ").append(condition);
            binds.put(name, v);
        });
    }

    /** PostgreSQL text holds no NUL; extracted text may. */
    /**
     * The text followed by the parts of its joined words. PostgreSQL's parser keeps a file name,
     * path, host or address as one word, so "käsebrot.png" would not be found by "käsebrot"; the
     * parts come after the text, which keeps the positions of its own words (phrases) as they are.
     */
    static String withParts(String text) {
        java.util.regex.Matcher joined = JOINED.matcher(text);
        StringBuilder parts = null;
        while (joined.find()) {
            String word = joined.group();
            if (word.chars().anyMatch(c -> c == '.' || c == '/' || c == '@' || c == '\\' || c == '~')) {
                parts = parts == null ? new StringBuilder(text) : parts;
                parts.append(' ').append(PARTS.matcher(word).replaceAll(" "));
            }
        }
        return parts == null ? text : parts.toString();
    }

    private static final java.util.regex.Pattern PARTS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");

    private static String clean(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", " ");
    }

    private static String encode(Cursor c) {
        String key = c.kind() + "|" + c.created() + "|" + c.id() + "|" + Float.floatToIntBits(c.rank()) + "|"
                + (c.afterId() == null ? "" : c.afterId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 5 || parts[0].length() != 1) {
                throw new IllegalArgumentException(cursor);
            }
            char kind = parts[0].charAt(0);
            UUID afterId = parts[4].isEmpty() ? null : UUID.fromString(parts[4]);
            if (kind == 'W' && afterId == null) {
                throw new IllegalArgumentException(cursor);
            }
            return new Cursor(kind, Instant.parse(parts[1]), UUID.fromString(parts[2]),
                    Float.intBitsToFloat(Integer.parseInt(parts[3])), afterId);
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
