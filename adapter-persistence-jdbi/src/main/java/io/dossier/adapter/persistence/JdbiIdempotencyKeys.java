package io.dossier.adapter.persistence;

import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.domain.IdempotentRequest;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.dossier.adapter.persistence.Columns.timestamp;

/** Idempotency keys in PostgreSQL: one row per tenant and key; a claim is one atomic upsert. */
final class JdbiIdempotencyKeys implements IdempotencyKeys {
    /** Inserts, or takes over an expired row; answers a row only when this claim got the key. */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (tenant, key, state, created_at) VALUES (:tenant, :key, 'IN_FLIGHT', :now)
            ON CONFLICT (tenant, key) DO UPDATE
               SET state = 'IN_FLIGHT', fingerprint = NULL, status = NULL, headers = NULL, body = NULL,
                   created_at = excluded.created_at
             WHERE idempotency_keys.created_at <= :expired
            RETURNING created_at
            """;

    private final Jdbi jdbi;

    JdbiIdempotencyKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<IdempotentRequest> claim(IdempotentRequest inFlight, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean claimed = call("claiming an idempotency key", handle -> handle.createQuery(CLAIM)
                    .bind("tenant", inFlight.tenant().value()).bind("key", inFlight.key())
                    .bind("now", timestamp(inFlight.createdAt()))
                    .bind("expired", timestamp(now.minus(IdempotentRequest.LIFETIME)))
                    .mapTo(java.time.OffsetDateTime.class).findOne().isPresent());
            if (claimed) {
                return Optional.empty();
            }
            Optional<IdempotentRequest> held = call("reading an idempotency key", handle -> handle.createQuery(
                            "SELECT * FROM idempotency_keys WHERE tenant = :tenant AND key = :key")
                    .bind("tenant", inFlight.tenant().value()).bind("key", inFlight.key())
                    .map((row, ctx) -> request(row)).findOne());
            if (held.isPresent()) {
                return held;
            }
            // Released between the two statements: claim again.
        }
        throw new io.dossier.domain.DocumentException.Conflict("the Idempotency-Key " + inFlight.key()
                + " changes hands too fast; try again");
    }

    @Override
    public void finish(IdempotentRequest done) {
        IdempotentRequest.Answer answer = done.answer().orElseThrow();
        String[] headers = answer.headers().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .toArray(String[]::new);
        call("keeping an answer", handle -> handle.createUpdate("""
                        UPDATE idempotency_keys SET state = 'DONE', fingerprint = :fingerprint, status = :status,
                               headers = :headers, body = :body
                         WHERE tenant = :tenant AND key = :key AND state = 'IN_FLIGHT'""")
                .bind("fingerprint", done.fingerprint().orElseThrow()).bind("status", answer.status())
                .bind("headers", headers).bind("body", answer.body())
                .bind("tenant", done.tenant().value()).bind("key", done.key()).execute());
    }

    @Override
    public void release(TenantId tenant, String key) {
        call("releasing an idempotency key", handle -> handle.createUpdate(
                        "DELETE FROM idempotency_keys WHERE tenant = :tenant AND key = :key AND state = 'IN_FLIGHT'")
                .bind("tenant", tenant.value()).bind("key", key).execute());
    }

    @Override
    public int forgetBefore(TenantId tenant, Instant cutoff) {
        return call("forgetting idempotency keys", handle -> handle.createUpdate(
                        "DELETE FROM idempotency_keys WHERE tenant = :tenant AND created_at < :cutoff")
                .bind("tenant", tenant.value()).bind("cutoff", timestamp(cutoff)).execute());
    }

    private static IdempotentRequest request(ResultSet row) throws SQLException {
        IdempotentRequest.State state = IdempotentRequest.State.valueOf(row.getString("state"));
        Optional<IdempotentRequest.Answer> answer = Optional.empty();
        if (state == IdempotentRequest.State.DONE) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Object line : (Object[]) row.getArray("headers").getArray()) {
                String text = (String) line;
                int colon = text.indexOf(": ");
                headers.put(text.substring(0, colon), text.substring(colon + 2));
            }
            answer = Optional.of(new IdempotentRequest.Answer(row.getInt("status"), headers, row.getBytes("body")));
        }
        return new IdempotentRequest(new TenantId(row.getString("tenant")), row.getString("key"), state,
                Optional.ofNullable(row.getString("fingerprint")), answer, Columns.instant(row, "created_at"));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
