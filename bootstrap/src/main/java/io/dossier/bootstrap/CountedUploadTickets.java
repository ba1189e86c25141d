package io.dossier.bootstrap;

import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts upload tickets by what became of them ({@code dossier_upload_tickets_total} with
 * {@code result} issued, completed, failed, expired) as they are saved. A ticket saved in a unit
 * of work that is rolled back afterwards is counted all the same: rare, and a counter may
 * overshoot where it must never miss.
 */
final class CountedUploadTickets implements UploadTickets {
    private final UploadTickets tickets;
    private final Map<UploadTicket.State, Counter> counters = new EnumMap<>(UploadTicket.State.class);

    CountedUploadTickets(UploadTickets tickets, MeterRegistry registry) {
        this.tickets = tickets;
        for (UploadTicket.State state : UploadTicket.State.values()) {
            String result = state == UploadTicket.State.ISSUED ? "issued" : state.name().toLowerCase(java.util.Locale.ROOT);
            counters.put(state, Counter.builder("dossier.upload.tickets").tag("result", result)
                    .description("upload tickets issued, and closed by what became of them").register(registry));
        }
    }

    @Override
    public void save(UploadTicket ticket) {
        tickets.save(ticket);
        counters.get(ticket.state()).increment();
    }

    @Override
    public Document saveWithNewDocument(UploadTicket ticket, Document newDocument) {
        Document saved = tickets.saveWithNewDocument(ticket, newDocument);
        counters.get(ticket.state()).increment();
        return saved;
    }

    @Override
    public Optional<UploadTicket> find(TenantId tenant, String id) {
        return tickets.find(tenant, id);
    }

    @Override
    public Optional<UploadTicket> findByKey(StorageKey key) {
        return tickets.findByKey(key);
    }

    @Override
    public Optional<UploadTicket> latestTicket(TenantId tenant, DocumentId documentId) {
        return tickets.latestTicket(tenant, documentId);
    }

    @Override
    public List<UploadTicket> openTickets(TenantId tenant, DocumentId documentId) {
        return tickets.openTickets(tenant, documentId);
    }

    @Override
    public List<UploadTicket> expiredOpenTickets(Instant now, int limit) {
        return tickets.expiredOpenTickets(now, limit);
    }

    @Override
    public boolean holdsLiveTicket(StorageKey key, Instant now) {
        return tickets.holdsLiveTicket(key, now);
    }
}
