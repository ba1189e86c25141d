package io.dossier.application.port.out;

import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.util.List;
import java.util.Optional;

/** Where API keys are kept (as hashes: no store ever sees a secret). */
public interface ApiKeys {

    /**
     * Inserts a new key or stores the revocation of a known one (nothing else of a key changes).
     *
     * @throws DocumentException.Conflict when a new key's id or secret hash is taken
     */
    void save(ApiKey key);

    /** The key whose secret has this hash, of whatever tenant, valid or not. */
    Optional<ApiKey> findBySecretHash(String secretHash);

    Optional<ApiKey> find(TenantId tenant, String id);

    /** The tenant's keys, oldest first, revoked and expired ones included. */
    List<ApiKey> list(TenantId tenant);

    /** Stands in when no key store is configured: no stored key exists, and none can be made. */
    ApiKeys NONE = new ApiKeys() {
        @Override
        public void save(ApiKey key) {
            throw new DocumentException.Unavailable("no API key store is configured", null);
        }

        @Override
        public Optional<ApiKey> findBySecretHash(String secretHash) {
            return Optional.empty();
        }

        @Override
        public Optional<ApiKey> find(TenantId tenant, String id) {
            return Optional.empty();
        }

        @Override
        public List<ApiKey> list(TenantId tenant) {
            return List.of();
        }
    };
}
