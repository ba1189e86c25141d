package io.dossier.application.port.in;

import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's keys to a tenant: issued, listed and revoked at run time (by the command line),
 * and checked on every request that presents one.
 */
public interface ApiKeysUseCase {

    /** A new key: its tenant, what it is for, what it may do, and when it stops working (if ever). */
    record Create(TenantId tenant, String name, Set<ApiKey.Scope> scopes, Optional<Instant> expires) {
        public Create {
            if (tenant == null) {
                throw new DocumentException.InvalidInput("tenant is required");
            }
            if (name == null || name.isBlank() || name.length() > 100) {
                throw new DocumentException.InvalidInput("a key needs a name of 1 to 100 characters");
            }
            if (scopes == null || scopes.isEmpty()) {
                throw new DocumentException.InvalidInput("a key needs at least one scope");
            }
            scopes = Set.copyOf(scopes);
            expires = expires == null ? Optional.empty() : expires;
        }
    }

    /** A key just made, with its secret: shown this once, kept nowhere. */
    record Issued(ApiKey key, String secret) {
    }

    Issued create(Create command);

    List<ApiKey> list(TenantId tenant);

    /**
     * Revokes a key; it stops authenticating at once, on every instance. Revoking twice keeps the
     * first revocation.
     *
     * @throws DocumentException.NotFound when the tenant has no key of that id
     */
    ApiKey revoke(TenantId tenant, String id);

    /** Who presents this secret: empty when it is no stored key, or one revoked or expired. */
    Optional<Principal> authenticate(String secret);
}
