package io.dossier.testing.contract;

import io.dossier.application.port.out.StorageKey;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.DocumentId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link UploadTickets} implementation must do. */
public abstract class UploadTicketsContract {

    protected abstract UploadTickets tickets();

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

        ticket.complete(VersionNumber.of(3));
        tickets().save(ticket);
        assertSameTicket(ticket, tickets().find(TENANT, ticket.id()).orElseThrow());

        UploadTicket failed = ticket(new DocumentId(UUID.randomUUID()), Fixtures.now(), Duration.ofMinutes(15));
        failed.fail("not a PNG");
        tickets().save(failed);
        assertSameTicket(failed, tickets().find(TENANT, failed.id()).orElseThrow());
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
