package io.dossier.testing.contract;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.Transactions;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Renditions} implementation must do: keep renditions with their versions and
 * serve as the queue of those to be made. Other tests may leave jobs in the same store, so each
 * test looks only at its own documents' jobs.
 */
public abstract class RenditionsContract {
    private static final Duration LEASE = Duration.ofMinutes(5);

    protected abstract Renditions renditions();

    /** The documents these renditions belong to. */
    protected abstract Documents documents();

    /** The unit of work shared by both. */
    protected abstract Transactions transactions();

    private Document withVersions(int count) {
        Document document = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        for (int i = 0; i < count; i++) {
            document.replaceContent(Fixtures.content("text " + i), Optional.empty(), AUTHOR, Fixtures.now(),
                    Optional.empty());
        }
        return documents().save(document);
    }

    private static VersionNumber v(int n) {
        return VersionNumber.of(n);
    }

    /** Claims everything due at {@code now} and keeps the jobs of the given documents. */
    private List<Renditions.Job> claimOwn(Instant now, Set<DocumentId> own) {
        List<Renditions.Job> mine = new ArrayList<>();
        List<Renditions.Job> batch;
        do {
            batch = renditions().claim(500, now, LEASE);
            batch.stream().filter(j -> own.contains(j.rendition().documentId())).forEach(mine::add);
        } while (batch.size() == 500);
        return mine;
    }

    private static ContentRef text(Document document) {
        String streamId = java.util.UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        byte[] bytes = "the text".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ContentRef("default", TENANT + "/" + document.id() + "/" + streamId, bytes.length,
                Rendition.MEDIA_TYPE, Rendition.FILE_NAME, Fixtures.sha256(bytes), streamId);
    }

    @Test
    void a_pending_rendition_is_found_and_pending_again_keeps_it() {
        Document document = withVersions(2);
        Instant t = Fixtures.now();
        renditions().pend(TENANT, Rendition.pending(document.id(), v(1), t));
        renditions().pend(TENANT, Rendition.pending(document.id(), v(2), t));

        assertEquals(Optional.of(Rendition.pending(document.id(), v(1), t)),
                renditions().find(TENANT, document.id(), v(1)));
        List<Renditions.Job> jobs = claimOwn(t.plusSeconds(1), Set.of(document.id()));
        Rendition done = jobs.get(0).rendition().done(text(document), Optional.empty(), t.plusSeconds(2));
        renditions().record(TENANT, done, t.plusSeconds(2), "maker-1");

        renditions().pend(TENANT, Rendition.pending(document.id(), done.version(), t.plusSeconds(3)));
        assertEquals(Optional.of(done), renditions().find(TENANT, document.id(), done.version()));
        assertEquals(List.of(v(1), v(2)), renditions().ofDocument(TENANT, document.id()).stream()
                .map(Rendition::version).toList());
    }

    @Test
    void another_tenant_sees_nothing() {
        Document document = withVersions(1);
        renditions().pend(TENANT, Rendition.pending(document.id(), v(1), Fixtures.now()));

        assertTrue(renditions().find(OTHER_TENANT, document.id(), v(1)).isEmpty());
        assertTrue(renditions().ofDocument(OTHER_TENANT, document.id()).isEmpty());
    }

    @Test
    void a_claim_is_a_lease_and_no_job_is_claimed_twice_meanwhile() {
        Document document = withVersions(3);
        Instant t = Fixtures.now();
        for (int n = 1; n <= 3; n++) {
            renditions().pend(TENANT, Rendition.pending(document.id(), v(n), t));
        }

        assertTrue(claimOwn(t.minusSeconds(1), Set.of(document.id())).isEmpty(), "not due before it was pended");
        List<Renditions.Job> first = claimOwn(t, Set.of(document.id()));
        assertEquals(3, first.size());
        first.forEach(job -> assertEquals(TENANT, job.tenant()));
        assertTrue(claimOwn(t.plus(LEASE).minusSeconds(1), Set.of(document.id())).isEmpty(), "leased");
        assertEquals(3, claimOwn(t.plus(LEASE).plusSeconds(1), Set.of(document.id())).size(),
                "a dead worker's jobs come back when the lease ends");
    }

    @Test
    void concurrent_claims_share_the_jobs_without_overlap() throws Exception {
        Document document = withVersions(40);
        Instant t = Fixtures.now();
        for (int n = 1; n <= 40; n++) {
            renditions().pend(TENANT, Rendition.pending(document.id(), v(n), t));
        }
        int workers = 4;
        CyclicBarrier start = new CyclicBarrier(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<VersionNumber>>> claims = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                claims.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<VersionNumber> mine = new ArrayList<>();
                    List<Renditions.Job> batch;
                    do {
                        batch = renditions().claim(3, t, LEASE);
                        batch.stream().filter(j -> j.rendition().documentId().equals(document.id()))
                                .forEach(j -> mine.add(j.rendition().version()));
                    } while (!batch.isEmpty());
                    return mine;
                }));
            }
            Set<VersionNumber> seen = new HashSet<>();
            int total = 0;
            for (Future<List<VersionNumber>> claim : claims) {
                List<VersionNumber> got = claim.get(60, TimeUnit.SECONDS);
                total += got.size();
                seen.addAll(got);
            }
            assertEquals(40, total, "every job claimed once");
            assertEquals(40, seen.size(), "no job claimed twice");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_outcome_is_kept_and_a_retry_waits_until_it_is_due() {
        Document document = withVersions(2);
        Instant t = Fixtures.now();
        renditions().pend(TENANT, Rendition.pending(document.id(), v(1), t));
        renditions().pend(TENANT, Rendition.pending(document.id(), v(2), t));
        List<Renditions.Job> jobs = claimOwn(t, Set.of(document.id()));
        assertEquals(2, jobs.size());
        Rendition one = jobs.stream().filter(j -> j.rendition().version().equals(v(1))).findFirst().orElseThrow()
                .rendition();
        Rendition two = jobs.stream().filter(j -> j.rendition().version().equals(v(2))).findFirst().orElseThrow()
                .rendition();

        ContentRef text = text(document);
        Rendition done = one.done(text, Optional.of("cut at 10 characters"), t.plusSeconds(1));
        renditions().record(TENANT, done, t.plusSeconds(1), "maker-1");
        Rendition retried = two.retried("the store did not answer", t.plusSeconds(1));
        renditions().record(TENANT, retried, t.plusSeconds(60), "maker-1");

        assertEquals(Optional.of(done), renditions().find(TENANT, document.id(), v(1)));
        assertEquals(Optional.of(retried), renditions().find(TENANT, document.id(), v(2)));
        assertTrue(renditions().references(text.storageKey()));
        assertFalse(renditions().references(new StorageKey("default", text.key() + "x")));
        assertTrue(claimOwn(t.plusSeconds(59), Set.of(document.id())).isEmpty(), "not due yet");
        List<Renditions.Job> again = claimOwn(t.plusSeconds(60), Set.of(document.id()));
        assertEquals(List.of(retried), again.stream().map(Renditions.Job::rendition).toList());
        assertEquals(1, again.get(0).rendition().attempts());
    }

    @Test
    void renditions_go_with_their_document() {
        Document document = withVersions(1);
        Instant t = Fixtures.now();
        renditions().pend(TENANT, Rendition.pending(document.id(), v(1), t));

        assertTrue(documents().delete(TENANT, document.id()));

        assertTrue(renditions().find(TENANT, document.id(), v(1)).isEmpty());
        assertTrue(renditions().ofDocument(TENANT, document.id()).isEmpty());
        assertTrue(claimOwn(t, Set.of(document.id())).isEmpty());
    }

    @Test
    void a_pend_in_a_failed_unit_of_work_is_not_kept() {
        Document document = withVersions(1);
        Instant t = Fixtures.now();

        assertThrows(IllegalStateException.class, () -> transactions().inTransaction(() -> {
            renditions().pend(TENANT, Rendition.pending(document.id(), v(1), t));
            throw new IllegalStateException("the version's save failed");
        }));

        assertTrue(renditions().find(TENANT, document.id(), v(1)).isEmpty());
    }

    @Test
    void stale_renditions_are_pended_again_in_batches_until_none_is_left() {
        Document document = withVersions(3);
        Instant t = Fixtures.now();
        renditions().pend(TENANT, Rendition.pending(document.id(), v(1), t));
        renditions().pend(TENANT, Rendition.pending(document.id(), v(2), t));
        for (Renditions.Job job : claimOwn(t, Set.of(document.id()))) {
            String maker = job.rendition().version().equals(v(1)) ? "old-maker" : "new-maker";
            renditions().record(TENANT, job.rendition().notApplicable("no text", t), t, maker);
        }
        // Version 3 has no rendition at all (stored before renditions were made).

        int pended = renditions().pendStale("new-maker", 1, t.plusSeconds(5));
        assertEquals(1, pended, "a batch is at most as large as asked");
        for (int batch; (batch = renditions().pendStale("new-maker", 1000, t.plusSeconds(5))) > 0; ) {
            pended += batch;
        }
        assertTrue(pended >= 2, "at least this test's two");

        assertTrue(renditions().find(TENANT, document.id(), v(1)).orElseThrow().isPending(), "made by another maker");
        assertEquals(Rendition.State.NOT_APPLICABLE, renditions().find(TENANT, document.id(), v(2)).orElseThrow().state());
        assertTrue(renditions().find(TENANT, document.id(), v(3)).orElseThrow().isPending(), "had none");
        assertEquals(0, renditions().pendStale("new-maker", 100, t.plusSeconds(6)));
    }
}
