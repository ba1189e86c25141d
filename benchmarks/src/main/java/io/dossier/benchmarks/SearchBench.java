package io.dossier.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dossier.adapter.persistence.JdbiPersistence;
import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.TenantId;
import io.dossier.domain.Visibility;
import io.dossier.embedded.EmbeddedDatabase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Search on an embedded PostgreSQL with the persistence adapter: {@code documents} documents of
 * about 2 KiB of generated text (words drawn with a Zipf-like skew from a vocabulary of 5,000),
 * in one tenant beside a second tenant holding the same words. Prints the indexing rate (the
 * search's share of storing a document: its fields and its text) and p50/p99 of a frequent and a
 * rare word, a phrase and filter-only listings, 20 hits a page.
 */
final class SearchBench {
    private static final int VOCABULARY = 5_000;
    private static final TenantId TENANT = new TenantId("bench");
    private static final TenantId OTHER = new TenantId("neighbour");
    private static final Author AUTHOR = new Author("User/bench", "Bench");

    private SearchBench() {
    }

    static void run(int count, int queries) throws Exception {
        String[] words = vocabulary();
        // -Ddossier.bench.data=<dir> keeps the database between runs (stored once, searched each run);
        // -Ddossier.bench.hold=true keeps it up after the run, for a look with psql.
        Optional<java.nio.file.Path> data = Optional.ofNullable(System.getProperty("dossier.bench.data"))
                .map(java.nio.file.Path::of);
        // -Ddossier.bench.shared_buffers=1GB: PostgreSQL's own cache (its default, 128MB, is what the
        // service's embedded database runs with).
        Map<String, String> settings = Optional.ofNullable(System.getProperty("dossier.bench.shared_buffers"))
                .map(size -> Map.of("shared_buffers", size)).orElse(Map.of());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, settings);
             HikariDataSource pool = pool(db)) {
            JdbiPersistence persistence = JdbiPersistence.migrate(pool);
            Documents documents = persistence.documents();
            DocumentSearch search = persistence.search();
            if (stored(pool) < count) {
                load(count, words, documents, search);
                try (var c = pool.getConnection(); var s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE search_entries");
                }
            }
            if (Boolean.getBoolean("dossier.bench.prewarm")) {
                prewarm(pool);
            }
            Random random = new Random(99);
            measure("one word", queries, () -> SearchQuery.words(words[50 + random.nextInt(500)]), search);
            measure("one rare word", queries, () -> SearchQuery.words(words[2000 + random.nextInt(3000)]), search);
            measure("phrase", queries, () -> SearchQuery.words("\"" + words[random.nextInt(200)] + " "
                    + words[random.nextInt(200)] + "\""), search);
            measure("filter only (tag + media type)", queries, () -> new SearchQuery(Optional.empty(),
                    Optional.of("t" + random.nextInt(20)), Optional.empty(), Optional.of("text/plain"), null, null, null,
                    null, null, null, null, null, null, null), search);
            measure("filter only (patient)", queries, () -> new SearchQuery(Optional.empty(), null, null, null, null,
                    null, null, null, null, null, Optional.of((long) (1 + random.nextInt(1000))), null, null, null),
                    search);
            if (Boolean.getBoolean("dossier.bench.hold")) {
                System.out.println("holding " + db.jdbcUrl() + " (user " + db.user() + ") for an hour");
                Thread.sleep(3_600_000);
            }
        }
    }

    /**
     * -Ddossier.bench.prewarm=true reads the entries, their out-of-line parts and their indexes into
     * PostgreSQL's cache first (pg_prewarm): the figures of a server that has been running, rather
     * than of one just started on a machine whose file cache kept nothing of the database.
     */
    private static void prewarm(HikariDataSource pool) throws java.sql.SQLException {
        long started = System.nanoTime();
        try (var c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
            try (var r = s.executeQuery("""
                    SELECT sum(pg_prewarm(c.oid)) FROM pg_class c
                     WHERE c.oid = 'search_entries'::regclass
                        OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = 'search_entries'::regclass)
                        OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'search_entries'::regclass)""")) {
                r.next();
                System.out.printf("prewarmed %,d pages in %.1f s%n", r.getLong(1), (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static long stored(HikariDataSource pool) throws java.sql.SQLException {
        try (var c = pool.getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT count(*) FROM search_entries WHERE tenant = 'bench'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void load(int count, String[] words, Documents documents, DocumentSearch search) throws Exception {
        AtomicLong indexNanos = new AtomicLong();
        long started = System.nanoTime();
        int threads = 4;
        ExecutorService pool4 = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        int neighbours = count / 10;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool4.submit(() -> {
                Random random = new Random(thread);
                for (int i = thread; i < count + neighbours; i += threads) {
                    store(documents, search, i < count ? TENANT : OTHER, i, random, words, indexNanos);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool4.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = count + neighbours;
        System.out.printf("stored %,d documents (%,d in the searched tenant) in %.0f s: %.0f documents/s overall%n",
                total, count, seconds, total / seconds);
        System.out.printf("indexing (fields + text, %d threads): %.0f documents/s (%.2f ms each)%n", threads,
                total / (indexNanos.get() / 1e9 / threads), indexNanos.get() / 1e6 / total);
    }

    private static void measure(String what, int queries, Supplier<SearchQuery> next, DocumentSearch search) {
        for (int i = 0; i < 30; i++) {
            search.search(TENANT, Reach.ALL, next.get(), 20);
        }
        long[] nanos = new long[queries];
        long hits = 0;
        long slowest = 0;
        SearchQuery slowestQuery = null;
        for (int i = 0; i < queries; i++) {
            SearchQuery query = next.get();
            long started = System.nanoTime();
            hits += search.search(TENANT, Reach.ALL, query, 20).hits().size();
            nanos[i] = System.nanoTime() - started;
            if (nanos[i] > slowest) {
                slowest = nanos[i];
                slowestQuery = query;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-32s p50 %6.1f ms   p99 %6.1f ms   (%d queries, %.1f hits per page; slowest %.1f ms: %s)%n",
                what, nanos[queries / 2] / 1e6, nanos[(int) Math.min(queries - 1, Math.ceil(queries * 0.99) - 1)] / 1e6,
                queries, hits / (double) queries, slowest / 1e6, slowestQuery.text().orElse("(no words)"));
    }

    private static void store(Documents documents, DocumentSearch search, TenantId tenant, int i, Random random,
                              String[] words, AtomicLong indexNanos) throws Exception {
        Filing filing = i % 3 == 0 ? new Filing.Patient(1 + random.nextInt(1000))
                : i % 3 == 1 ? new Filing.Project(1 + random.nextInt(50), 1 + random.nextInt(20)) : Filing.UNFILED;
        Instant now = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
        Document document = Document.create(new DocumentId(UUID.randomUUID()), documents.nextNumber(tenant), tenant,
                filing, new Metadata(text(random, words, 4), text(random, words, 12), Map.of("kind", words[random.nextInt(50)])),
                Visibility.PRIVATE, AUTHOR, now);
        String body = text(random, words, 300); // about 2 KiB
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String stream = UUID.randomUUID().toString().toUpperCase();
        document.replaceContent(new ContentRef("default", tenant + "/" + document.id() + "/" + stream, bytes.length,
                "text/plain", "doc-" + i + ".txt", sha256(bytes), stream), Optional.empty(), AUTHOR, now, Optional.empty());
        document.tag("t" + random.nextInt(20), 1, now, "bench");
        Document saved = documents.save(document);
        long started = System.nanoTime();
        search.index(saved);
        search.indexText(tenant, saved.id(), saved.currentVersion().orElseThrow().content().sha256(), body);
        indexNanos.addAndGet(System.nanoTime() - started);
    }

    private static String text(Random random, String[] words, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            // Zipf-like: small indexes far more often.
            int index = (int) Math.min(words.length - 1, Math.floor(Math.pow(words.length, random.nextDouble())) - 1);
            text.append(words[Math.max(0, index)]).append(' ');
        }
        return text.toString().strip();
    }

    private static String[] vocabulary() {
        Random random = new Random(5);
        String[] words = new String[VOCABULARY];
        String letters = "abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < words.length; i++) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(7);
            for (int c = 0; c < length; c++) {
                word.append(letters.charAt(random.nextInt(letters.length())));
            }
            words[i] = word.toString();
        }
        return words;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static HikariDataSource pool(EmbeddedDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }
}
