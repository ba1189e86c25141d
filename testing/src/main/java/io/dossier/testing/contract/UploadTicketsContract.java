package io.dossier.testing.contract;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
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

/** What every {@link UploadTickets} implementation must do. */
public abstract class UploadTicketsContract {

    protected abstract UploadTickets tickets();

    /** The document store that goes with these tickets (for saving a new document with its first ticket). */
    protected abstract Documents documents();

    private static UploadTicket ticket(DocumentId document, Instant issuedAt, Duration lifetime) {
        String stream = UUID.randomUUID().toString().toUpperCase();
        return UploadTicket.issue(UUID.randomUUID().toString(), TENANT, document, "default",
                TENANT + "/" + document + "/" + stream, stream, "cat.png", "image/png", 1000, issuedAt,
                issuedAt.plus(lifetime), AUTHOR, Optional.of(VersionNumber.of(2)));
    }

    private static void assertSameTicket(UploadTicket expected, UploadTicket actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.tenant(), actual.tenant());
        assertEquals(expected.documentId(), actual.documentId());
        assertEquals(expected.repositoryId(), actual.repositoryId());
        assertEquals(expected.key(), actual.key());
        assertEquals(expected.contentStreamId(), actual.contentStreamId());
        assertEquals(expected.fileName(), actual.fileName());
        assertEquals(expected.mediaType(), actual.mediaType());
        assertEquals(expected.maxBytes(), actual.maxBytes());
        assertEquals(expected.issuedAt(), actual.issuedAt());
        assertEquals(expected.expiresAt(), actual.expiresAt());
        assertEquals(expected.author(), actual.author());
        assertEquals(expected.basedOn(), actual.basedOn());
        assertEquals(expected.state(), actual.state());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.failure(), actual.failure());
    }

    @Test
    void a_saved_ticket_is_found_by_id_and_key_and_its_changes_are_kept() {
        UploadTicket ticket = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        tickets().save(ticket);
        assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());
        assertSameTicket(ticket, tickets().findByKey(new StorageKey("default", ticket.key())).orElseThrow());
        assertTrue(tickets().find(OTHER_TENANT, ticket.id()).isEmpty());
        assertTrue(tickets().findByKey(new StorageKey("other", ticket.key())).isEmpty());
        // A storage event may name any key, even one no database can hold: it is no ticket's.
        assertTrue(tickets().findByKey(new StorageKey("default", ticket.key() + "\u0000")).isEmpty());
        assertTrue(tickets().findByKey(new StorageKey("default\u0000", ticket.key())).isEmpty());
        assertTrue(tickets().find(TENANT, ticket.id() + "\u0000").isEmpty());

        ticket.complete(VersionNumber.of(3));
        tickets().save(ticket);
        assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());

        UploadTicket failed = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        failed.fail("not a PNG");
        tickets().save(failed);
        assertSameTicket(failed, tickets().find(TENANT, failed.id()).orElseThrow());
    }

    @Test
    void the_latest_ticket_of_a_document_is_found_whatever_its_state() {
        DocumentId document = new DocumentId(UUID.randomUUID());
        assertTrue(tickets().latestTicket(TENANT, document).isEmpty());
        UploadTicket first = ticket(document, Fixtures.now(), Duration.ofMinutes(15));
        UploadTicket second = ticket(document, Fixtures.now().plusSeconds(5), Duration.ofMinutes(15));
        tickets().save(second);
        tickets().save(first);
        second.fail("the bytes are not image/png");
        tickets().save(second);
        assertSameTicket(second, tickets().latestTicket(TENANT, document).orElseThrow());
        assertTrue(tickets().latestTicket(OTHER_TENANT, document).isEmpty());
    }

    @Test
    void open_tickets_of_a_document_are_the_issued_ones() {
        DocumentId document = new DocumentId(UUID.randomUUID());
        Instant now = Fixtures.now();
        UploadTicket open = ticket(document, now, Duration.ofMinutes(15));
        UploadTicket done = ticket(document, now.plusSeconds(1), Duration.ofMinutes(15));
        done.complete(VersionNumber.of(1));
        UploadTicket elsewhere = ticket(new DocumentId(UUID.randomUUID()), now, Duration.ofMinutes(15));
        List.of(open, done, elsewhere).forEach(tickets()::save);
        assertEquals(List.of(open.id()), tickets().openTickets(TENANT, document).stream().map(UploadTicket::id).toList());
        assertTrue(tickets().openTickets(OTHER_TENANT, document).isEmpty());
    }

    @Test
    void a_ticket_id_of_another_tenant_is_a_conflict_and_leaves_that_ticket_alone() {
        UploadTicket ticket = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        tickets().save(ticket);
        UploadTicket.Snapshot s = ticket.snapshot();
        UploadTicket intruder = UploadTicket.restore(new UploadTicket.Snapshot(s.id(), OTHER_TENANT, s.documentId(),
                s.upload(), s.contentStreamId(), s.fileName(), s.mediaType(), s.maxBytes(), s.issuedAt(), s.expiresAt(),
                AUTHOR, s.basedOn(), UploadTicket.State.COMPLETED, Optional.of(VersionNumber.of(9)), Optional.empty()));

        assertThrows(DocumentException.Conflict.class, () -> tickets().save(intruder));

        assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());
        assertTrue(tickets().find(OTHER_TENANT, ticket.id()).isEmpty());
    }

    @Test
    void tickets_saved_at_the_same_time_are_all_kept_and_a_refused_one_fails_only_its_caller() throws Exception {
        UploadTicket taken = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        tickets().save(taken);
        int callers = 24;
        List<UploadTicket> fresh = new ArrayList<>();
        for (int i = 0; i < callers - 1; i++) {
            fresh.add(ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15)));
        }
        UploadTicket intruder = UploadTicket.restore(taken.snapshot().inTenant(OTHER_TENANT));
        List<UploadTicket> all = new ArrayList<>(fresh);
        all.add(callers / 2, intruder);

        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (UploadTicket ticket : all) {
                saves.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    tickets().save(ticket);
                    return null;
                }));
            }
            for (int i = 0; i < saves.size(); i++) {
                Future<?> save = saves.get(i);
                if (all.get(i) == intruder) {
                    ExecutionException refused = assertThrows(ExecutionException.class,
                            () -> save.get(60, TimeUnit.SECONDS));
                    assertTrue(refused.getCause() instanceof DocumentException.Conflict, refused.toString());
                } else {
                    save.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (UploadTicket ticket : fresh) {
            assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());
        }
        assertSameTicket(taken, tickets().find(TENANT, taken.id()).orElseThrow());
    }

    @Test
    void a_new_document_and_its_first_ticket_are_saved_together() {
        Document document = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        UploadTicket ticket = ticket(document.id(), Fixtures.now(), Duration.ofMinutes(15));

        Document saved = tickets().saveWithNewDocument(ticket, document);

        assertEquals(document.id(), saved.id());
        assertTrue(saved.revision() > 0, "the answer is the document as saved");
        Document found = documents().find(TENANT, document.id()).orElseThrow();
        assertEquals(document.number(), found.number());
        assertEquals(saved.revision(), found.revision());
        assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());
    }

    @Test
    void a_taken_ticket_id_saves_neither_the_ticket_nor_the_new_document() {
        UploadTicket taken = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        tickets().save(taken);
        Document document = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        UploadTicket again = UploadTicket.restore(new UploadTicket.Snapshot(taken.id(), TENANT, document.id(),
                new StorageKey(taken.repositoryId(), taken.key() + "-2"), taken.contentStreamId(), taken.fileName(),
                taken.mediaType(), taken.maxBytes(), taken.issuedAt(), taken.expiresAt(), AUTHOR, Optional.empty(),
                UploadTicket.State.ISSUED, Optional.empty(), Optional.empty()));

        assertThrows(DocumentException.Conflict.class, () -> tickets().saveWithNewDocument(again, document));

        assertTrue(documents().find(TENANT, document.id()).isEmpty(), "no document without its ticket");
        assertSameTicket(taken, tickets().find(TENANT, taken.id()).orElseThrow());
    }

    @Test
    void a_taken_document_id_saves_neither_the_document_nor_the_ticket() {
        Document document = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        documents().save(document);
        UploadTicket ticket = ticket(document.id(), Fixtures.now(), Duration.ofMinutes(15));

        assertThrows(DocumentException.Conflict.class, () -> tickets().saveWithNewDocument(ticket, document));

        assertTrue(tickets().find(TENANT, ticket.id()).isEmpty(), "no ticket for a document that was not saved");
    }

    @Test
    void expired_open_tickets_are_listed_and_live_ones_hold_their_key() {
        Instant now = Instant.parse("2090-01-01T00:00:00Z");
        UploadTicket expired = ticket(new DocumentId(UUID.randomUUID()), now.minusSeconds(3600), Duration.ofMinutes(15));
        UploadTicket live = ticket(new DocumentId(UUID.randomUUID()), now.minusSeconds(60), Duration.ofMinutes(15));
        UploadTicket closed = ticket(new DocumentId(UUID.randomUUID()), now.minusSeconds(3600), Duration.ofMinutes(15));
        closed.expire(now);
        List.of(expired, live, closed).forEach(tickets()::save);

        List<String> listed = tickets().expiredOpenTickets(now, 10_000).stream().map(UploadTicket::id).toList();
        assertTrue(listed.contains(expired.id()));
        assertFalse(listed.contains(live.id()));
        assertFalse(listed.contains(closed.id()));

        assertTrue(tickets().holdsLiveTicket(new StorageKey("default", live.key()), now));
        assertFalse(tickets().holdsLiveTicket(new StorageKey("default", expired.key()), now));
        assertFalse(tickets().holdsLiveTicket(new StorageKey("default", closed.key()), now));
    }
}
