package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.UploadTicketsContract;

class InMemoryUploadTicketsTest extends UploadTicketsContract {
    private final InMemoryDocuments documents = new InMemoryDocuments();
    private final InMemoryUploadTickets tickets = new InMemoryUploadTickets(documents);

    @Override
    protected UploadTickets tickets() {
        return tickets;
    }

    @Override
    protected Documents documents() {
        return documents;
    }
}
