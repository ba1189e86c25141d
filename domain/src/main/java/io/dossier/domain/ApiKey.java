package io.dossier.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's API key as it is kept: never the secret itself, only its SHA-256 hash. A tenant holds
 * several, each with a name (what it is for), the scopes it grants and an optional end, so that
 * keys can be rotated one at a time: issue the new one, move the clients, revoke the old one.
 *
 * @param secretHash the secret's SHA-256, 64 lower-case hex digits
 * @param expires    the moment from which the key no longer authenticates; empty: never
 * @param revoked    when it was revoked; a revoked key never authenticates again
 */
public record ApiKey(String id, TenantId tenant, String name, String secretHash, Set<Scope> scopes, Instant created,
                     Optional<Instant> expires, Optional<Instant> revoked) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** What a key lets its holder do. */
    public enum Scope {
        READ("documents:read"), WRITE("documents:write"), RECORDS("documents:records"), AUDIT("documents:audit");

        private final String claim;

        Scope(String claim) {
            this.claim = claim;
        }

        /** The name used on the command line and in bearer tokens' scope claims. */
        public String claim() {
            return claim;
        }

        public static Scope ofClaim(String claim) {
            for (Scope scope : values()) {
                if (scope.claim.equals(claim)) {
                    return scope;
                }
            }
            throw new DocumentException.InvalidInput("unknown scope '" + claim + "': documents:read, documents:write, documents:records or documents:audit");
        }
    }

    public ApiKey {
        Checks.text(id, "key id", 64);
        Checks.present(tenant, "tenant");
        Checks.text(name, "key name", 100);
        Checks.present(secretHash, "secret hash");
        if (!HASH.matcher(secretHash).matches()) {
            throw new DocumentException.InvalidInput("secret hash must be a SHA-256 in lower-case hex");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new DocumentException.InvalidInput("a key needs at least one scope");
        }
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
        Checks.present(created, "creation time");
        expires = Checks.present(expires, "expiry");
        revoked = Checks.present(revoked, "revocation");
        if (expires.isPresent() && !expires.get().isAfter(created)) {
            throw new DocumentException.InvalidInput("a key must expire after it was created");
        }
    }

    /** A new key, valid from {@code created} until revoked or expired. */
    public static ApiKey create(String id, TenantId tenant, String name, String secretHash, Set<Scope> scopes,
                                Instant created, Optional<Instant> expires) {
        return new ApiKey(id, tenant, name, secretHash, scopes, created, expires, Optional.empty());
    }

    /** True when the key authenticates at {@code now}: neither revoked nor expired. */
    public boolean validAt(Instant now) {
        return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
    }

    /** The key revoked at {@code at}; a key revoked already keeps its first revocation. */
    public ApiKey revoke(Instant at) {
        return revoked.isPresent() ? this
                : new ApiKey(id, tenant, name, secretHash, scopes, created, expires, Optional.of(at));
    }
}
