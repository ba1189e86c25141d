package io.dossier.adapter.rest;

import io.dossier.application.Dossier;
import io.dossier.domain.StorageKey;
import io.dossier.testing.InMemoryContentStore;
import io.dossier.testing.InMemoryPatients;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** The in-memory core; its presigned forms are "posted" by the in-memory store itself. */
final class InMemoryCore implements TestCore {
    private InMemoryContentStore store;

    @Override
    public Dossier build(Clock clock) {
        store = new InMemoryContentStore(clock, "default", "repo242");
        return io.dossier.testing.InMemoryStores.create().builder().contentStore(store)
                .patients(new InMemoryPatients()).apiKeys(new io.dossier.testing.InMemoryApiKeys()).clock(clock).build();
    }

    @Override
    public void overwrite(String repository, String key, byte[] bytes) {
        store.plant(new StorageKey(repository, key), bytes, java.time.Instant.now());
    }

    @Override
    public void delete(String repository, String key) {
        store.delete(new StorageKey(repository, key));
    }

    @Override
    public int postForm(String url, Map<String, String> fields, String contentType, byte[] file) {
        String repository = URI.create(url).getSchemeSpecificPart();
        return store.acceptFormUpload(new StorageKey(repository, fields.get("key")), contentType, file) ? 204 : 403;
    }
}
