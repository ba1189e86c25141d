package io.dossier.testing;

import io.dossier.application.port.out.Renditions;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renditions in a map, next to the in-memory documents: a rendition lives only as long as its
 * version does. Claims are leases as in a database. Thread-safe.
 */
public final class InMemoryRenditions implements Renditions {
    private final InMemoryDocuments documents;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    private record Key(TenantId tenant, DocumentId documentId, VersionNumber version) {
    }

    private record Entry(Rendition rendition, Instant dueAt, Instant leasedUntil, String maker) {
    }

    public InMemoryRenditions(InMemoryDocuments documents) {
        this.documents = documents;
    }

    synchronized Map<Object, Object> snapshot() {
        return new LinkedHashMap<>(entries);
    }

    @SuppressWarnings("unchecked")
    synchronized void restore(Map<Object, Object> snapshot) {
        entries.clear();
        entries.putAll((Map<Key, Entry>) (Map<?, ?>) snapshot);
    }

    @Override
    public synchronized void pend(TenantId tenant, Rendition pending) {
        Key key = new Key(tenant, pending.documentId(), pending.version());
        if (version(key).isEmpty()) {
            throw new IllegalStateException("no version " + pending.version() + " of " + pending.documentId());
        }
        entries.putIfAbsent(key, new Entry(pending, pending.updatedAt(), Instant.MIN, ""));
    }

    @Override
    public synchronized List<Job> claim(int max, Instant now, Duration lease) {
        prune();
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            if (jobs.size() >= max) {
                break;
            }
            if (entry.rendition().isPending() && !entry.dueAt().isAfter(now) && !entry.leasedUntil().isAfter(now)) {
                e.setValue(new Entry(entry.rendition(), entry.dueAt(), now.plus(lease), entry.maker()));
                jobs.add(new Job(e.getKey().tenant(), entry.rendition()));
            }
        }
        return jobs;
    }

    @Override
    public synchronized void record(TenantId tenant, Rendition outcome, Instant dueAt, String maker) {
        Key key = new Key(tenant, outcome.documentId(), outcome.version());
        if (!entries.containsKey(key) || version(key).isEmpty()) {
            return; // its version is gone
        }
        entries.put(key, new Entry(outcome, dueAt, Instant.MIN, maker));
    }

    @Override
    public synchronized Optional<Rendition> find(TenantId tenant, DocumentId documentId, VersionNumber version) {
        prune();
        return Optional.ofNullable(entries.get(new Key(tenant, documentId, version))).map(Entry::rendition);
    }

    @Override
    public synchronized List<Rendition> ofDocument(TenantId tenant, DocumentId documentId) {
        prune();
        return entries.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(tenant) && e.getKey().documentId().equals(documentId))
                .map(e -> e.getValue().rendition())
                .sorted(Comparator.comparing(r -> r.version().value()))
                .toList();
    }

    @Override
    public synchronized int pendStale(String maker, int max, Instant now) {
        prune();
        int pended = 0;
        for (Document document : documents.all()) {
            for (Version version : document.versions()) {
                if (pended >= max) {
                    return pended;
                }
                Key key = new Key(document.tenant(), document.id(), version.number());
                Entry entry = entries.get(key);
                if (entry == null || (!entry.rendition().isPending() && !entry.maker().equals(maker))) {
                    entries.put(key, new Entry(Rendition.pending(document.id(), version.number(), now), now,
                            Instant.MIN, ""));
                    pended++;
                }
            }
        }
        return pended;
    }

    @Override
    public synchronized boolean references(StorageKey key) {
        prune();
        return entries.values().stream().map(e -> e.rendition().content()).flatMap(Optional::stream)
                .map(ContentRef::storageKey).anyMatch(key::equals);
    }

    private Optional<Version> version(Key key) {
        return documents.find(key.tenant(), key.documentId()).flatMap(d -> d.version(key.version()));
    }

    /** Renditions of deleted documents go with them, as a foreign key would take them. */
    private void prune() {
        entries.keySet().removeIf(key -> version(key).isEmpty());
    }
}
