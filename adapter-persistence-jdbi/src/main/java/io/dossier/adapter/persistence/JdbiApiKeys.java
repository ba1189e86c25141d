package io.dossier.adapter.persistence;

import io.dossier.application.port.out.ApiKeys;
import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.dossier.adapter.persistence.Columns.instant;
import static io.dossier.adapter.persistence.Columns.timestamp;

/** API keys in PostgreSQL, one row each, found by the unique hash of their secret. */
final class JdbiApiKeys implements ApiKeys {
    private static final String SELECT = """
            SELECT id, tenant, name, secret_hash, scopes, created_at, expires_at, revoked_at FROM api_keys
            """;

    /** Of a known key only the first revocation is stored; another tenant's id is not touched. */
    private static final String UPSERT = """
            INSERT INTO api_keys (id, tenant, name, secret_hash, scopes, created_at, expires_at, revoked_at)
            VALUES (:id, :tenant, :name, :hash, :scopes, :created, :expires, :revoked)
            ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(api_keys.revoked_at, excluded.revoked_at)
             WHERE api_keys.tenant = excluded.tenant
            """;

    private final Jdbi jdbi;

    JdbiApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(ApiKey key) {
        int rows = call("saving API key " + key.id(), handle -> handle.createUpdate(UPSERT)
                .bind("id", key.id())
                .bind("tenant", key.tenant().value())
                .bind("name", key.name())
                .bind("hash", key.secretHash())
                .bind("scopes", key.scopes().stream().map(ApiKey.Scope::claim).sorted().toArray(String[]::new))
                .bind("created", timestamp(key.created()))
                .bindByType("expires", key.expires().map(Columns::timestamp).orElse(null), java.time.OffsetDateTime.class)
                .bindByType("revoked", key.revoked().map(Columns::timestamp).orElse(null), java.time.OffsetDateTime.class)
                .execute());
        if (rows == 0) {
            throw new DocumentException.Conflict("saving API key " + key.id() + ": the id is taken");
        }
    }

    @Override
    public Optional<ApiKey> findBySecretHash(String secretHash) {
        return call("finding an API key", handle -> handle.createQuery(SELECT + " WHERE secret_hash = :hash")
                .bind("hash", secretHash).map((row, ctx) -> key(row)).findOne());
    }

    @Override
    public Optional<ApiKey> find(TenantId tenant, String id) {
        return call("finding API key " + id, handle -> handle.createQuery(SELECT
                        + " WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant.value()).bind("id", id).map((row, ctx) -> key(row)).findOne());
    }

    @Override
    public List<ApiKey> list(TenantId tenant) {
        return call("listing API keys", handle -> handle.createQuery(SELECT
                        + " WHERE tenant = :tenant ORDER BY created_at, id")
                .bind("tenant", tenant.value()).map((row, ctx) -> key(row)).list());
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        Set<ApiKey.Scope> scopes = EnumSet.noneOf(ApiKey.Scope.class);
        for (Object scope : (Object[]) row.getArray("scopes").getArray()) {
            scopes.add(ApiKey.Scope.ofClaim((String) scope));
        }
        return new ApiKey(row.getString("id"), new TenantId(row.getString("tenant")), row.getString("name"),
                row.getString("secret_hash"), scopes, instant(row, "created_at"),
                Optional.ofNullable(instant(row, "expires_at")), Optional.ofNullable(instant(row, "revoked_at")));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
