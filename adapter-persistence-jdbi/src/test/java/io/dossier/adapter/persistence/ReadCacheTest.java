package io.dossier.adapter.persistence;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Metadata;
import io.dossier.domain.Rendition;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import io.dossier.testing.contract.Fixtures;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on one database, both keeping reads in memory: what one keeps is served without
 * a statement, and what the other changes is seen within moments, not after the cache's lifetime.
 */
class ReadCacheTest {
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final AtomicInteger STATEMENTS = new AtomicInteger();
    private static JdbiPersistence here;
    private static JdbiPersistence there;

    @BeforeAll
    static void start() {
        here = TestDatabase.listening(JdbiPersistence.migrate(TestDatabase.dataSource(), new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                STATEMENTS.incrementAndGet();
            }
        }, 1000));
        there = TestDatabase.listening(JdbiPersistence.migrate(TestDatabase.dataSource(), 1000));
    }

    @AfterAll
    static void stop() {
        here.close();
        there.close();
    }

    private static TenantId tenant() {
        return new TenantId("cache-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static Document saved(JdbiPersistence persistence, TenantId tenant) {
        Document document = Fixtures.newDocument(tenant, persistence.documents().nextNumber(tenant));
        document.replaceContent(Fixtures.content("first"), Optional.empty(), AUTHOR, now(), Optional.empty());
        return persistence.documents().save(document);
    }

    private static int statementsOf(Runnable read) {
        int before = STATEMENTS.get();
        read.run();
        return STATEMENTS.get() - before;
    }

    /** Polls until the read answers what is expected; fails after {@link #SOON}. */
    private static <T> void eventually(T expected, Supplier<T> read) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        T seen = read.get();
        while (!expected.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = read.get();
        }
        assertEquals(expected, seen, "not seen within " + SOON);
    }

    @Test
    void aRepeatedReadIsAnsweredFromMemoryWithTheSameDocument() {
        TenantId tenant = tenant();
        Document document = saved(here, tenant);
        Document first = here.documents().find(tenant, document.id()).orElseThrow();
        int statements = statementsOf(() -> {
            Document again = here.documents().find(tenant, document.id()).orElseThrow();
            assertEquals(first.snapshot(), again.snapshot());
        });
        assertEquals(0, statements);
        // What a caller changes on its copy is not what the next caller gets.
        first.changeMetadata(Metadata.named("changed only here"), AUTHOR, now());
        assertEquals("doc-" + document.number(), here.documents().find(tenant, document.id()).orElseThrow()
                .metadata().name());
        assertTrue(statementsOf(() -> here.documents().list(tenant, io.dossier.domain.Reach.ALL, 0, 10)) > 0);
        assertEquals(0, statementsOf(() -> assertEquals(1,
                here.documents().list(tenant, io.dossier.domain.Reach.ALL, 0, 10).size())));
    }

    @Test
    void aChangeMadeHereIsSeenHereAtOnce() {
        TenantId tenant = tenant();
        Document document = saved(here, tenant);
        assertEquals(1, here.documents().list(tenant, io.dossier.domain.Reach.ALL, 0, 10).size());
        assertEquals(1, here.documents().count(tenant, io.dossier.domain.Reach.ALL));
        Document loaded = here.documents().find(tenant, document.id()).orElseThrow();
        loaded.changeMetadata(Metadata.named("renamed"), AUTHOR, now());
        here.documents().save(loaded);
        saved(here, tenant);
        assertEquals("renamed", here.documents().find(tenant, document.id()).orElseThrow().metadata().name());
        assertEquals(2, here.documents().list(tenant, io.dossier.domain.Reach.ALL, 0, 10).size());
        assertEquals(2, here.documents().count(tenant, io.dossier.domain.Reach.ALL));
        assertTrue(here.documents().delete(tenant, document.id()));
        assertEquals(Optional.empty(), here.documents().find(tenant, document.id()));
        assertEquals(1, here.documents().count(tenant, io.dossier.domain.Reach.ALL));
    }

    @Test
    void aChangeMadeByAnotherInstanceIsSeenWithinMoments() throws InterruptedException {
        TenantId tenant = tenant();
        Document document = saved(there, tenant);
        assertEquals(1L, here.documents().find(tenant, document.id()).orElseThrow().revision());
        assertEquals(1L, here.documents().count(tenant, io.dossier.domain.Reach.ALL));
        // Once the other instance's word of the new document has come (it evicts what was read before).
        eventually(0, () -> statementsOf(() -> here.documents().find(tenant, document.id())));

        Document loaded = there.documents().find(tenant, document.id()).orElseThrow();
        loaded.replaceContent(Fixtures.content("second"), Optional.empty(), AUTHOR, now(), Optional.empty());
        there.documents().save(loaded);
        saved(there, tenant);
        eventually(2, () -> here.documents().find(tenant, document.id()).orElseThrow().versions().size());
        eventually(2L, () -> here.documents().count(tenant, io.dossier.domain.Reach.ALL));

        // Renditions and the last upload, which a document's page shows too.
        assertEquals(java.util.List.of(), here.renditions().ofDocument(tenant, document.id()));
        assertEquals(Optional.empty(), here.uploadTickets().latestTicket(tenant, document.id()));
        there.renditions().pend(tenant, Rendition.pending(document.id(), io.dossier.domain.VersionNumber.of(2), now()));
        eventually(1, () -> here.renditions().ofDocument(tenant, document.id()).size());
        UploadTicket ticket = UploadTicket.issue(UUID.randomUUID().toString(), tenant, document.id(), "default",
                tenant + "/" + document.id() + "/S1", "S1", "a.txt", "text/plain", 100, now(),
                now().plus(Duration.ofMinutes(5)), AUTHOR, Optional.of(io.dossier.domain.VersionNumber.of(2)));
        there.uploadTickets().save(ticket);
        eventually(Optional.of(ticket.id()), () -> here.uploadTickets().latestTicket(tenant, document.id())
                .map(UploadTicket::id));

        there.documents().delete(tenant, document.id());
        eventually(Optional.empty(), () -> here.documents().find(tenant, document.id()).map(Document::id));
    }

    @Test
    void aReadInsideAUnitOfWorkSeesTheWorksOwnWrites() {
        TenantId tenant = tenant();
        Document document = saved(here, tenant);
        here.documents().find(tenant, document.id()).orElseThrow();
        int versions = here.transactions().inTransaction(() -> {
            Document loaded = here.documents().find(tenant, document.id()).orElseThrow();
            loaded.replaceContent(Fixtures.content("inside"), Optional.empty(), AUTHOR, now(), Optional.empty());
            here.documents().save(loaded);
            return here.documents().find(tenant, document.id()).orElseThrow().versions().size();
        });
        assertEquals(2, versions);
        assertEquals(2, here.documents().find(tenant, document.id()).orElseThrow().versions().size());
    }

    @Test
    void aUnitOfWorkThatRollsBackLeavesWhatWasKept() {
        TenantId tenant = tenant();
        Document document = saved(here, tenant);
        here.documents().find(tenant, document.id()).orElseThrow();
        try {
            here.transactions().inTransaction(() -> {
                Document loaded = here.documents().find(tenant, document.id()).orElseThrow();
                loaded.replaceContent(Fixtures.content("undone"), Optional.empty(), AUTHOR, now(), Optional.empty());
                here.documents().save(loaded);
                throw new IllegalStateException("undo");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(1, here.documents().find(tenant, document.id()).orElseThrow().versions().size());
    }

    @Test
    void whatWasReadWhileAChangeCommittedIsNotKept() {
        ReadCache cache = new ReadCache(100, Duration.ofMinutes(1).toNanos());
        cache.coherent(true);
        TenantId tenant = tenant();
        DocumentId id = new DocumentId(UUID.randomUUID());
        AtomicInteger loads = new AtomicInteger();
        Supplier<String> racing = () -> {
            loads.incrementAndGet();
            cache.changed(tenant.value(), id.value(), false); // a change commits while this read runs
            return "old";
        };
        cache.read(ReadCache.Kind.DOCUMENT, tenant, id, racing, s -> s, s -> s, s -> 1);
        cache.read(ReadCache.Kind.DOCUMENT, tenant, id, () -> {
            loads.incrementAndGet();
            return "new";
        }, s -> s, s -> s, s -> 1);
        assertEquals(2, loads.get());
        assertEquals("new", cache.read(ReadCache.Kind.DOCUMENT, tenant, id, () -> "not read", s -> s, s -> s, s -> 1));
    }

    @Test
    void whatIsKeptStaysWithinItsBoundInRows() {
        ReadCache cache = new ReadCache(100, Duration.ofMinutes(1).toNanos());
        cache.coherent(true);
        TenantId tenant = tenant();
        for (int i = 0; i < 1000; i++) {
            cache.read(ReadCache.Kind.DOCUMENT, tenant, new DocumentId(UUID.randomUUID()), () -> "small", s -> s,
                    s -> s, s -> 3);
            assertTrue(cache.rows() <= 100, "rows kept: " + cache.rows());
        }
        assertTrue(cache.rows() > 50, "it keeps what fits: " + cache.rows());
        DocumentId big = new DocumentId(UUID.randomUUID());
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            cache.read(ReadCache.Kind.DOCUMENT, tenant, big, () -> "big #" + loads.incrementAndGet(), s -> s, s -> s,
                    s -> 26);
        }
        assertEquals(2, loads.get(), "an entry over a quarter of the bound is not kept");
        cache.changed(tenant.value(), big.value(), false);
        cache.changedAll(false);
        assertEquals(0, cache.rows());
    }

    @Test
    void changesMissedWhileTheFeedWasCutAreNotServedAfterwards() throws Exception {
        TenantId tenant = tenant();
        Document document = saved(here, tenant);
        here.documents().find(tenant, document.id()).orElseThrow();
        // Cut every instance's listening connection, then change the document at once.
        try (Connection admin = TestDatabase.dataSource().getConnection(); Statement statement = admin.createStatement();
             ResultSet cut = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE query = 'LISTEN " + ChangeFeed.CHANNEL + "'")) {
            int terminated = 0;
            while (cut.next()) {
                terminated++;
            }
            assertTrue(terminated >= 2, "both instances listen");
        }
        Document loaded = there.documents().find(tenant, document.id()).orElseThrow();
        loaded.replaceContent(Fixtures.content("while cut"), Optional.empty(), AUTHOR, now(), Optional.empty());
        there.documents().save(loaded);
        eventually(2, () -> here.documents().find(tenant, document.id()).orElseThrow().versions().size());
        TestDatabase.listening(here);
        TestDatabase.listening(there);
        assertEquals(2, here.documents().find(tenant, document.id()).orElseThrow().versions().size());
        assertEquals(0, statementsOf(() -> here.documents().find(tenant, document.id())));
        Version current = here.documents().find(tenant, document.id()).orElseThrow().currentVersion().orElseThrow();
        assertEquals(2, current.number().value());
    }
}
