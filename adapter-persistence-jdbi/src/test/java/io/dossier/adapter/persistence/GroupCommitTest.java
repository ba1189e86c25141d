package io.dossier.adapter.persistence;

import io.dossier.domain.Author;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows of concurrent callers share transactions, and each caller still finds its row committed. */
class GroupCommitTest {
    private static final TenantId TENANT = new TenantId("group-commit-" + UUID.randomUUID());

    @Test
    void concurrent_callers_share_transactions_and_every_row_is_committed_when_its_caller_returns() throws Exception {
        Jdbi jdbi = Jdbi.create(TestDatabase.dataSource());
        TestDatabase.persistence(); // migrated
        GroupCommit groupCommit = new GroupCommit(jdbi);
        JdbiUploadTickets tickets = new JdbiUploadTickets(jdbi, groupCommit);
        int callers = 32;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<UploadTicket>> saves = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                saves.add(pool.submit(() -> {
                    UploadTicket ticket = ticket();
                    start.await(30, TimeUnit.SECONDS);
                    tickets.save(ticket);
                    // Committed when save returns: another connection sees it.
                    assertTrue(TestDatabase.persistence().uploadTickets().find(TENANT, ticket.id()).isPresent());
                    return ticket;
                }));
            }
            for (Future<UploadTicket> save : saves) {
                save.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(callers, groupCommit.rows());
        assertTrue(groupCommit.transactions() < callers,
                groupCommit.transactions() + " transactions for " + callers + " rows written at the same time");
    }

    private static UploadTicket ticket() {
        DocumentId document = new DocumentId(UUID.randomUUID());
        String stream = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return UploadTicket.issue(UUID.randomUUID().toString(), TENANT, document, "default",
                TENANT.value() + "/" + document + "/" + stream, stream, "a.png", "image/png", 1000, now,
                now.plus(Duration.ofMinutes(5)), new Author("Device/test", "test"), Optional.empty());
    }
}
