package io.dossier.testing;

import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.UploadTicketsContract;

class InMemoryUploadTicketsTest extends UploadTicketsContract {
    private final InMemoryUploadTickets tickets = new InMemoryUploadTickets();

    @Override
    protected UploadTickets tickets() {
        return tickets;
    }
}
