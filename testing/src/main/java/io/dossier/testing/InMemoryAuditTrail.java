package io.dossier.testing;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit trail in lists, one per chain; rolled back with the {@link InMemoryTransactions} it is given to. */
public final class InMemoryAuditTrail implements AuditTrail {
    private final Map<Optional<TenantId>, List<AuditEntry>> chains = new LinkedHashMap<>();
    /** Kept apart from the entries, as a database keeps it: an entry removed at the end shows. */
    private final Map<Optional<TenantId>, Head> heads = new LinkedHashMap<>();

    @Override
    public synchronized void append(List<AuditEntry.Event> events) {
        for (AuditEntry.Event event : events) {
            List<AuditEntry> chain = chains.computeIfAbsent(event.tenant(), t -> new ArrayList<>());
            Head head = heads.getOrDefault(event.tenant(), new Head(0, AuditEntry.GENESIS));
            AuditEntry entry = AuditEntry.chained(head.sequence() + 1, head.hash(), event);
            chain.add(entry);
            heads.put(event.tenant(), new Head(entry.sequence(), entry.hash()));
        }
    }

    @Override
    public synchronized List<AuditEntry> find(TenantId tenant, io.dossier.domain.AuditQuery query, int offset, int limit) {
        List<AuditEntry> chain = chains.getOrDefault(Optional.of(tenant), List.of());
        return chain.stream().filter(query::matches)
                .sorted(Comparator.comparingLong(AuditEntry::sequence).reversed())
                .skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized List<AuditEntry> chain(Optional<TenantId> tenant, long afterSequence, int limit) {
        return chains.getOrDefault(tenant, List.of()).stream().filter(e -> e.sequence() > afterSequence)
                .limit(limit).toList();
    }

    @Override
    public synchronized Optional<Head> head(Optional<TenantId> tenant) {
        return Optional.ofNullable(heads.get(tenant));
    }

    @Override
    public synchronized List<Optional<TenantId>> chains() {
        List<Optional<TenantId>> names = new ArrayList<>(chains.keySet().stream().filter(Optional::isPresent)
                .sorted(Comparator.comparing(t -> t.get().value())).toList());
        if (chains.containsKey(Optional.<TenantId>empty())) {
            names.add(Optional.empty());
        }
        return names;
    }

    /**
     * Replaces an entry as someone with access to the store could, bypassing the chain: for tests
     * of the verification, which must find it.
     */
    public synchronized void tamper(Optional<TenantId> tenant, long sequence, java.util.function.UnaryOperator<AuditEntry> edit) {
        List<AuditEntry> chain = chains.get(tenant);
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).sequence() == sequence) {
                AuditEntry edited = edit.apply(chain.get(i));
                if (edited == null) {
                    chain.remove(i);
                } else {
                    chain.set(i, edited);
                }
                return;
            }
        }
    }

    record Snapshot(Map<Optional<TenantId>, List<AuditEntry>> chains, Map<Optional<TenantId>, Head> heads) {
    }

    synchronized Snapshot snapshot() {
        Map<Optional<TenantId>, List<AuditEntry>> copy = new LinkedHashMap<>();
        chains.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return new Snapshot(copy, new LinkedHashMap<>(heads));
    }

    synchronized void restore(Snapshot snapshot) {
        chains.clear();
        chains.putAll(snapshot.chains());
        heads.clear();
        heads.putAll(snapshot.heads());
    }
}
