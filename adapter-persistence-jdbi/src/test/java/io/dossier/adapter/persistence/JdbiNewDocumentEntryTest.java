package io.dossier.adapter.persistence;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Visibility;
import io.dossier.testing.contract.Fixtures;
import io.dossier.testing.contract.UploadTicketsContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * With the search of the same database in use, a new document saved with its first ticket gets
 * its search entry in that same statement: the ticket contract still holds, and the entry is
 * there, right, and kept up to date afterwards.
 */
class JdbiNewDocumentEntryTest extends UploadTicketsContract {
    private static final JdbiPersistence PERSISTENCE = JdbiPersistence.migrate(TestDatabase.dataSource());
    private static final DocumentSearch SEARCH = PERSISTENCE.search();

    private final TenantId tenant = new TenantId("n" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected UploadTickets tickets() {
        return PERSISTENCE.uploadTickets();
    }

    @Override
    protected Documents documents() {
        return PERSISTENCE.documents();
    }

    private Document newDocument(String name, Filing filing) {
        return Document.create(new DocumentId(UUID.randomUUID()), documents().nextNumber(tenant), tenant, filing,
                new Metadata(name, "a description", Map.of("kind", "letter")), Visibility.PRIVATE, Fixtures.AUTHOR,
                Fixtures.now());
    }

    private UploadTicket ticketFor(Document document) {
        String stream = UUID.randomUUID().toString().toUpperCase();
        return UploadTicket.issue(UUID.randomUUID().toString(), tenant, document.id(), "default",
                tenant + "/" + document.id() + "/" + stream, stream, "scan.pdf", "application/pdf", 1000,
                Fixtures.now(), Fixtures.now().plus(Duration.ofMinutes(15)), Fixtures.AUTHOR, Optional.empty());
    }

    private List<DocumentId> found(SearchQuery query) {
        return SEARCH.search(tenant, Reach.ALL, query, 50).hits().stream().map(DocumentSearch.Hit::documentId).toList();
    }

    @Test
    void the_entry_comes_with_the_statement_and_is_kept_up_to_date() {
        Document document = newDocument("heron sketch", new Filing.Patient(7));
        Document saved = tickets().saveWithNewDocument(ticketFor(document), document);
        SEARCH.index(saved); // what the core does next: nothing to write again

        assertEquals(List.of(saved.id()), found(SearchQuery.words("heron")));
        assertEquals(List.of(saved.id()), found(SearchQuery.words("\"heron sketch\"")));
        assertEquals(List.of(saved.id()), found(SearchQuery.words("letter description")));
        assertEquals(List.of(saved.id()), found(new SearchQuery(Optional.empty(), null, null, null, null, null, null,
                null, null, null, Optional.of(7L), null, null, null)));

        saved.changeMetadata(new Metadata("egret sketch", "", Map.of()), Fixtures.AUTHOR, Fixtures.now().plusSeconds(1));
        Document changed = documents().save(saved);
        SEARCH.index(changed);
        assertEquals(List.of(), found(SearchQuery.words("heron")));
        assertEquals(List.of(changed.id()), found(SearchQuery.words("egret")));
    }

    @Test
    void a_refused_statement_leaves_no_entry() {
        Document first = newDocument("bittern", Filing.UNFILED);
        UploadTicket ticket = ticketFor(first);
        tickets().saveWithNewDocument(ticket, first);
        Document second = newDocument("spoonbill", Filing.UNFILED);

        assertThrows(DocumentException.Conflict.class, () -> tickets().saveWithNewDocument(ticket, second));

        assertEquals(List.of(), found(SearchQuery.words("spoonbill")));
        assertEquals(List.of(first.id()), found(SearchQuery.words("bittern")));
    }
}
