package io.dossier.testing;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.ApiKeysUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.T0;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys issued at run time, over the in-memory core. */
class ApiKeysUseCaseTest {
    private final TestClock clock = new TestClock(T0);
    private final InMemoryApiKeys store = new InMemoryApiKeys();
    private final ApiKeysUseCase keys = InMemoryStores.create().builder().contentStore(new InMemoryContentStore())
            .apiKeys(store).clock(clock).build().apiKeys();

    private ApiKeysUseCase.Issued create(String name, Set<ApiKey.Scope> scopes, Optional<Duration> lifetime) {
        return keys.create(new ApiKeysUseCase.Create(TENANT, name, scopes, lifetime.map(clock.instant()::plus)));
    }

    @Test
    void a_new_secret_authenticates_as_its_tenant_with_its_scopes_and_only_its_hash_is_kept() {
        ApiKeysUseCase.Issued reader = create("reporting", Set.of(ApiKey.Scope.READ), Optional.empty());
        assertTrue(reader.secret().startsWith("dsk_") && reader.secret().length() >= 40, reader.secret());
        Principal principal = keys.authenticate(reader.secret()).orElseThrow();
        assertEquals(TENANT, principal.tenant());
        assertEquals(Set.of(Permission.READ), principal.permissions());
        assertEquals("ApiKey/" + reader.key().id(), principal.author().reference());
        assertEquals("reporting", principal.author().display());
        assertThrows(DocumentException.PermissionDenied.class, () -> principal.require(Permission.WRITE));

        ApiKey kept = store.find(TENANT, reader.key().id()).orElseThrow();
        assertFalse(kept.toString().contains(reader.secret()), "the store never sees the secret");
        assertNotEquals(reader.secret(), kept.secretHash());
        assertTrue(keys.authenticate(reader.secret() + "x").isEmpty());
        assertTrue(keys.authenticate("").isEmpty());
    }

    @Test
    void several_keys_per_tenant_each_stand_alone_and_a_revoked_one_stops_at_once() {
        ApiKeysUseCase.Issued old = create("old", Set.of(ApiKey.Scope.READ, ApiKey.Scope.WRITE), Optional.empty());
        ApiKeysUseCase.Issued next = create("new", Set.of(ApiKey.Scope.READ, ApiKey.Scope.WRITE), Optional.empty());
        assertNotEquals(old.secret(), next.secret());
        assertEquals(List.of(old.key(), next.key()), keys.list(TENANT));
        assertTrue(keys.list(OTHER_TENANT).isEmpty());

        clock.advance(Duration.ofMinutes(1));
        ApiKey revoked = keys.revoke(TENANT, old.key().id());
        assertEquals(Optional.of(clock.instant()), revoked.revoked());
        assertTrue(keys.authenticate(old.secret()).isEmpty(), "revoked");
        assertTrue(keys.authenticate(next.secret()).isPresent(), "the other key still works");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(revoked, keys.revoke(TENANT, old.key().id()), "the first revocation stays");
        assertThrows(DocumentException.NotFound.class, () -> keys.revoke(OTHER_TENANT, next.key().id()));
    }

    @Test
    void a_key_works_until_its_expiry_and_not_from_it() {
        ApiKeysUseCase.Issued day = create("for a day", Set.of(ApiKey.Scope.WRITE), Optional.of(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertTrue(keys.authenticate(day.secret()).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(keys.authenticate(day.secret()).isEmpty());
    }

    @Test
    void a_key_without_scope_or_name_or_with_a_past_expiry_is_refused() {
        assertThrows(DocumentException.InvalidInput.class, () -> create("none", Set.of(), Optional.empty()));
        assertThrows(DocumentException.InvalidInput.class, () -> create(" ", Set.of(ApiKey.Scope.READ), Optional.empty()));
        assertThrows(DocumentException.InvalidInput.class,
                () -> create("past", Set.of(ApiKey.Scope.READ), Optional.of(Duration.ofDays(-1))));
        assertTrue(store.list(TENANT).isEmpty());
    }

    @Test
    void a_core_without_a_key_store_knows_no_stored_key_and_says_it_cannot_make_one() {
        Dossier plain = InMemoryStores.create().builder().contentStore(new InMemoryContentStore()).build();
        assertTrue(plain.apiKeys().authenticate("dsk_anything").isEmpty());
        assertThrows(DocumentException.Unavailable.class, () -> plain.apiKeys().create(
                new ApiKeysUseCase.Create(TENANT, "x", Set.of(ApiKey.Scope.READ), Optional.empty())));
    }
}
