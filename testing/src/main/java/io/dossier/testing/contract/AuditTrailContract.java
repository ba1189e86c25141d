package io.dossier.testing.contract;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.application.port.out.Transactions;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.AuditEntry.Action;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link AuditTrail} implementation must do. Each test writes to a tenant of its own;
 * the service's own chain is shared, so tests only add to it.
 */
public abstract class AuditTrailContract {

    protected abstract AuditTrail audit();

    /** The units of work the trail's appends join. */
    protected abstract Transactions transactions();

    private final TenantId tenant = new TenantId("a" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant t0 = Fixtures.now();

    private AuditEntry.Event event(int second, Action action, DocumentId document, String actor) {
        return new AuditEntry.Event(Optional.of(tenant), t0.plusSeconds(second), actor, action, Optional.of(document),
                Optional.of(1), "detail " + second);
    }

    private List<AuditEntry> all() {
        return audit().chain(Optional.of(tenant), 0, 10_000);
    }

    @Test
    void entries_are_chained_from_the_first_without_gaps_and_each_names_the_one_before() {
        DocumentId document = new DocumentId(UUID.randomUUID());
        audit().append(List.of(event(1, Action.VERSION_CREATED, document, "User/a"),
                event(2, Action.TAG_SET, document, "User/a")));
        audit().append(List.of(event(3, Action.CONTENT_READ, document, "User/b")));

        List<AuditEntry> chain = all();
        assertEquals(List.of(1L, 2L, 3L), chain.stream().map(AuditEntry::sequence).toList());
        assertEquals(AuditEntry.GENESIS, chain.get(0).previousHash());
        for (int i = 0; i < chain.size(); i++) {
            assertTrue(chain.get(i).follows(i == 0 ? Optional.empty() : Optional.of(chain.get(i - 1))),
                    "entry " + chain.get(i).sequence() + " is intact and follows the one before");
        }
        assertEquals(t0.plusSeconds(3), chain.get(2).at());
        assertEquals(Optional.of(document), chain.get(2).document());
        assertEquals(Optional.of(1), chain.get(2).version());
        assertEquals("detail 3", chain.get(2).detail());
        assertEquals(Optional.of(new AuditTrail.Head(3, chain.get(2).hash())), audit().head(Optional.of(tenant)));
        assertTrue(audit().chains().contains(Optional.of(tenant)));
    }

    @Test
    void each_tenant_has_a_chain_of_its_own_and_finds_only_its_own_entries() {
        TenantId other = new TenantId("b" + UUID.randomUUID().toString().substring(0, 8));
        DocumentId document = new DocumentId(UUID.randomUUID());
        audit().append(List.of(event(1, Action.DOCUMENT_CREATED, document, "User/a"),
                new AuditEntry.Event(Optional.of(other), t0, "User/z", Action.DOCUMENT_CREATED, Optional.of(document),
                        Optional.empty(), "")));
        assertEquals(1, audit().chain(Optional.of(other), 0, 10).get(0).sequence());
        assertEquals(1, all().get(0).sequence());
        assertEquals(List.of("User/a"), audit().find(tenant, io.dossier.domain.AuditQuery.ALL, 0, 10).stream()
                .map(AuditEntry::actor).toList());
        assertTrue(audit().find(new TenantId("n" + UUID.randomUUID().toString().substring(0, 8)),
                io.dossier.domain.AuditQuery.ALL, 0, 10).isEmpty());
    }

    @Test
    void the_service_chain_keeps_entries_without_a_tenant() {
        long before = audit().head(Optional.empty()).map(AuditTrail.Head::sequence).orElse(0L);
        audit().append(List.of(new AuditEntry.Event(Optional.empty(), t0, "address 192.0.2.1",
                Action.AUTHENTICATION_REFUSED, Optional.empty(), Optional.empty(), "unknown API key")));
        List<AuditEntry> added = audit().chain(Optional.empty(), before, 10);
        assertEquals(before + 1, added.get(added.size() - 1).sequence());
        assertEquals(Optional.empty(), added.get(added.size() - 1).tenant());
        assertTrue(audit().chains().contains(Optional.empty()));
    }

    @Test
    void find_answers_the_newest_first_by_document_actor_action_and_time() {
        DocumentId one = new DocumentId(UUID.randomUUID());
        DocumentId two = new DocumentId(UUID.randomUUID());
        audit().append(List.of(event(1, Action.VERSION_CREATED, one, "User/a"), event(2, Action.CONTENT_READ, two, "User/b"),
                event(3, Action.CONTENT_READ, one, "User/b"), event(4, Action.TAG_SET, one, "User/a")));
        assertEquals(List.of(4L, 3L, 2L, 1L), seq(io.dossier.domain.AuditQuery.ALL, 0, 10));
        assertEquals(List.of(3L, 2L), seq(io.dossier.domain.AuditQuery.ALL, 1, 2));
        assertEquals(List.of(4L, 3L, 1L), seq(new io.dossier.domain.AuditQuery(Optional.of(one), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 10));
        assertEquals(List.of(3L, 2L), seq(new io.dossier.domain.AuditQuery(Optional.empty(), Optional.of("User/b"), Optional.empty(),
                Optional.empty(), Optional.empty()), 0, 10));
        assertEquals(List.of(3L), seq(new io.dossier.domain.AuditQuery(Optional.of(one), Optional.empty(),
                Optional.of(Action.CONTENT_READ), Optional.empty(), Optional.empty()), 0, 10));
        assertEquals(List.of(3L, 2L), seq(new io.dossier.domain.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(t0.plusSeconds(2)), Optional.of(t0.plusSeconds(4))), 0, 10), "from inclusive, to exclusive");
    }

    private List<Long> seq(io.dossier.domain.AuditQuery query, int offset, int limit) {
        return audit().find(tenant, query, offset, limit).stream().map(AuditEntry::sequence).toList();
    }

    @Test
    void a_unit_of_work_that_fails_leaves_no_entry() {
        DocumentId document = new DocumentId(UUID.randomUUID());
        audit().append(List.of(event(1, Action.DOCUMENT_CREATED, document, "User/a")));
        assertThrows(IllegalStateException.class, () -> transactions().inTransaction(() -> {
            audit().append(List.of(event(2, Action.DELETED, document, "User/a")));
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(List.of(1L), all().stream().map(AuditEntry::sequence).toList());
        assertEquals(1, audit().head(Optional.of(tenant)).orElseThrow().sequence());
        audit().append(List.of(event(3, Action.DELETED, document, "User/a")));
        assertEquals(List.of(1L, 2L), all().stream().map(AuditEntry::sequence).toList());
    }

    @Test
    void concurrent_appends_make_one_chain_without_gaps_or_forks() throws Exception {
        DocumentId document = new DocumentId(UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                done.add(pool.submit(() -> audit().append(List.of(event(n, Action.CONTENT_READ, document, "User/" + n)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEntry> chain = all();
        assertEquals(40, chain.size());
        for (int i = 0; i < chain.size(); i++) {
            assertTrue(chain.get(i).follows(i == 0 ? Optional.empty() : Optional.of(chain.get(i - 1))));
        }
    }
}
