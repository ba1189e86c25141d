package io.dossier.testing.contract;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.UploadTicket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Transactions} implementation must do over the stores of its persistence. */
public abstract class TransactionsContract {

    protected abstract Transactions transactions();

    protected abstract Documents documents();

    protected abstract UploadTickets tickets();

    private UploadTicket ticketFor(DocumentId document) {
        String stream = UUID.randomUUID().toString().toUpperCase();
        return UploadTicket.issue(UUID.randomUUID().toString(), TENANT, document, "default",
                TENANT + "/" + document + "/" + stream, stream, "a.txt", "text/plain", 100, Fixtures.now(),
                Fixtures.now().plus(Duration.ofMinutes(15)), AUTHOR, Optional.empty());
    }

    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void the_writes_of_a_unit_of_work_are_all_kept_and_its_answer_is_returned() {
        Document document = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        UploadTicket ticket = ticketFor(document.id());
        Object answer = new Object();
        assertSame(answer, transactions().inTransaction(() -> {
            documents().save(document);
            tickets().save(ticket);
            return answer;
        }));
        assertTrue(documents().find(TENANT, document.id()).isPresent());
        assertTrue(tickets().find(TENANT, ticket.id()).isPresent());
    }

    @Test
    void a_unit_of_work_that_fails_keeps_none_of_its_writes() {
        Document kept = documents().save(Fixtures.newDocument(TENANT, documents().nextNumber(TENANT)));
        Document created = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        UploadTicket ticket = ticketFor(created.id());
        assertThrows(Refused.class, () -> transactions().inTransaction(() -> {
            documents().save(created);
            Document changed = documents().find(TENANT, kept.id()).orElseThrow();
            changed.tag("inside", 1, Fixtures.now(), "");
            documents().save(changed);
            tickets().save(ticket);
            throw new Refused();
        }));
        assertTrue(documents().find(TENANT, created.id()).isEmpty(), "the new document is not kept");
        assertTrue(tickets().find(TENANT, ticket.id()).isEmpty(), "the ticket is not kept");
        Document after = documents().find(TENANT, kept.id()).orElseThrow();
        assertTrue(after.tags().isEmpty(), "the change to an existing document is not kept");
        assertEquals(kept.revision(), after.revision());
    }

    @Test
    void a_unit_of_work_inside_another_joins_it() {
        Document inner = Fixtures.newDocument(TENANT, documents().nextNumber(TENANT));
        assertThrows(Refused.class, () -> transactions().inTransaction(() -> {
            transactions().inTransaction(() -> documents().save(inner));
            assertTrue(documents().find(TENANT, inner.id()).isPresent(), "the outer unit sees the inner's write");
            throw new Refused();
        }));
        assertTrue(documents().find(TENANT, inner.id()).isEmpty(), "the inner unit's write went with the outer");
    }
}
