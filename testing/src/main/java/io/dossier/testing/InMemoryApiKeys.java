package io.dossier.testing;

import io.dossier.application.port.out.ApiKeys;
import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys in a list, oldest first. Thread-safe. */
public final class InMemoryApiKeys implements ApiKeys {
    private final List<ApiKey> keys = new ArrayList<>();

    @Override
    public synchronized void save(ApiKey key) {
        for (int i = 0; i < keys.size(); i++) {
            ApiKey kept = keys.get(i);
            if (kept.id().equals(key.id()) && kept.tenant().equals(key.tenant())) {
                // Only a revocation is stored of a known key; what else it says stays as it was.
                keys.set(i, key.revoked().isPresent() ? kept.revoke(key.revoked().get()) : kept);
                return;
            }
            if (kept.id().equals(key.id()) || kept.secretHash().equals(key.secretHash())) {
                throw new DocumentException.Conflict("an API key with this id or secret exists already");
            }
        }
        keys.add(key);
    }

    @Override
    public synchronized Optional<ApiKey> findBySecretHash(String secretHash) {
        return keys.stream().filter(key -> key.secretHash().equals(secretHash)).findFirst();
    }

    @Override
    public synchronized Optional<ApiKey> find(TenantId tenant, String id) {
        return keys.stream().filter(key -> key.tenant().equals(tenant) && key.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<ApiKey> list(TenantId tenant) {
        return keys.stream().filter(key -> key.tenant().equals(tenant)).toList();
    }
}
