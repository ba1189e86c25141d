package io.dossier.testing.contract;

import io.dossier.application.port.out.ApiKeys;
import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ApiKeys} implementation must do. */
public abstract class ApiKeysContract {

    protected abstract ApiKeys keys();

    /** A key with a fresh id and hash, so that a store kept between tests does not collide. */
    private static ApiKey newKey(io.dossier.domain.TenantId tenant, String name) {
        return ApiKey.create(UUID.randomUUID().toString(), tenant, name, Fixtures.sha256(UUID.randomUUID().toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), Set.of(ApiKey.Scope.READ), Fixtures.now(),
                Optional.of(Fixtures.now().plus(30, ChronoUnit.DAYS)));
    }

    @Test
    void a_saved_key_is_found_as_saved_by_its_hash_and_by_id_in_its_tenant_only() {
        ApiKey key = ApiKey.create(UUID.randomUUID().toString(), TENANT, "CI pipeline – Zoë's",
                Fixtures.sha256(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Set.of(ApiKey.Scope.READ, ApiKey.Scope.WRITE), Fixtures.now(), Optional.empty());
        keys().save(key);
        assertEquals(key, keys().findBySecretHash(key.secretHash()).orElseThrow());
        assertEquals(key, keys().find(TENANT, key.id()).orElseThrow());
        assertTrue(keys().find(OTHER_TENANT, key.id()).isEmpty(), "another tenant's key does not exist");
        assertTrue(keys().findBySecretHash(Fixtures.sha256(new byte[] {1})).isEmpty());
    }

    @Test
    void a_tenant_lists_its_own_keys_oldest_first() {
        io.dossier.domain.TenantId tenant = new io.dossier.domain.TenantId("keys-" + UUID.randomUUID());
        ApiKey first = newKey(tenant, "first");
        ApiKey second = newKey(tenant, "second");
        keys().save(first);
        keys().save(second);
        keys().save(newKey(OTHER_TENANT, "elsewhere"));
        assertEquals(List.of(first, second), keys().list(tenant));
    }

    @Test
    void a_revocation_is_stored_and_nothing_else_of_a_key_changes() {
        ApiKey key = newKey(TENANT, "to be revoked");
        keys().save(key);
        ApiKey revoked = key.revoke(Fixtures.now());
        keys().save(revoked);
        assertEquals(revoked, keys().find(TENANT, key.id()).orElseThrow());
        assertEquals(revoked, keys().findBySecretHash(key.secretHash()).orElseThrow());

        ApiKey renamed = new ApiKey(key.id(), TENANT, "another name", key.secretHash(), Set.of(ApiKey.Scope.WRITE),
                key.created(), Optional.empty(), revoked.revoked());
        keys().save(renamed);
        assertEquals(revoked, keys().find(TENANT, key.id()).orElseThrow(), "name, scopes and expiry stay");
    }

    @Test
    void a_new_key_with_a_taken_id_or_secret_hash_is_a_conflict() {
        ApiKey key = newKey(TENANT, "original");
        keys().save(key);
        ApiKey sameHash = ApiKey.create(UUID.randomUUID().toString(), OTHER_TENANT, "copy", key.secretHash(),
                Set.of(ApiKey.Scope.READ), Fixtures.now(), Optional.empty());
        assertThrows(DocumentException.Conflict.class, () -> keys().save(sameHash));
        ApiKey sameId = ApiKey.create(key.id(), OTHER_TENANT, "copy", Fixtures.sha256(new byte[] {2, 3}),
                Set.of(ApiKey.Scope.READ), Fixtures.now(), Optional.empty());
        assertThrows(DocumentException.Conflict.class, () -> keys().save(sameId));
        assertEquals(key, keys().findBySecretHash(key.secretHash()).orElseThrow());
    }
}
