package io.dossier.adapter.persistence;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.dossier.adapter.persistence.Columns.timestamp;

/** The audit trail in PostgreSQL: one row per entry, one head row per chain, locked by each append. */
final class JdbiAuditTrail implements AuditTrail {
    /** The chain of the service's own entries; no tenant id can be this. */
    static final String SERVICE_CHAIN = "*";
    private static final String COLUMNS = "chain, sequence, at, actor, action, document_id, version, detail, "
            + "previous_hash, hash";

    private final Jdbi jdbi;

    JdbiAuditTrail(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static String chainOf(Optional<TenantId> tenant) {
        return tenant.map(TenantId::value).orElse(SERVICE_CHAIN);
    }

    @Override
    public void append(List<AuditEntry.Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<Optional<TenantId>, List<AuditEntry.Event>> byChain = new LinkedHashMap<>();
        events.forEach(e -> byChain.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
        try {
            // Joins the caller's transaction when there is one (the stores share this thread's handle).
            jdbi.useTransaction(handle -> byChain.forEach((tenant, chained) -> append(handle, tenant, chained)));
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, "appending to the audit trail");
        }
    }

    private static void append(Handle handle, Optional<TenantId> tenant, List<AuditEntry.Event> events) {
        String chain = chainOf(tenant);
        handle.createUpdate("INSERT INTO audit_heads (chain, sequence, hash) VALUES (:chain, 0, :genesis)"
                + " ON CONFLICT (chain) DO NOTHING").bind("chain", chain).bind("genesis", AuditEntry.GENESIS).execute();
        // The lock orders concurrent appends to a chain: each sees the head the one before left.
        Head head = handle.createQuery("SELECT sequence, hash FROM audit_heads WHERE chain = :chain FOR UPDATE")
                .bind("chain", chain).map((row, ctx) -> new Head(row.getLong("sequence"), row.getString("hash"))).one();
        long sequence = head.sequence();
        String previous = head.hash();
        PreparedBatch batch = handle.prepareBatch("INSERT INTO audit_entries (" + COLUMNS + ") VALUES (:chain,"
                + " :sequence, :at, :actor, :action, :document_id, :version, :detail, :previous_hash, :hash)");
        for (AuditEntry.Event event : events) {
            AuditEntry entry = AuditEntry.chained(++sequence, previous, event);
            batch.bind("chain", chain).bind("sequence", entry.sequence()).bind("at", timestamp(entry.at()))
                    .bind("actor", entry.actor()).bind("action", entry.action().name())
                    .bindByType("document_id", entry.document().map(DocumentId::value).orElse(null), UUID.class)
                    .bindByType("version", entry.version().orElse(null), Integer.class)
                    .bind("detail", entry.detail()).bind("previous_hash", entry.previousHash())
                    .bind("hash", entry.hash()).add();
            previous = entry.hash();
        }
        batch.execute();
        handle.createUpdate("UPDATE audit_heads SET sequence = :sequence, hash = :hash WHERE chain = :chain")
                .bind("sequence", sequence).bind("hash", previous).bind("chain", chain).execute();
    }

    @Override
    public List<AuditEntry> find(TenantId tenant, io.dossier.domain.AuditQuery query, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entries WHERE chain = :chain");
        query.document().ifPresent(d -> sql.append(" AND document_id = :document"));
        query.actor().ifPresent(a -> sql.append(" AND actor = :actor"));
        query.action().ifPresent(a -> sql.append(" AND action = :action"));
        query.from().ifPresent(f -> sql.append(" AND at >= :from"));
        query.to().ifPresent(t -> sql.append(" AND at < :to"));
        sql.append(" ORDER BY sequence DESC OFFSET :offset LIMIT :limit");
        return call("finding audit entries of " + tenant, handle -> {
            var q = handle.createQuery(sql.toString()).bind("chain", chainOf(Optional.of(tenant)))
                    .bind("offset", offset).bind("limit", limit);
            query.document().ifPresent(d -> q.bind("document", d.value()));
            query.actor().ifPresent(a -> q.bind("actor", a));
            query.action().ifPresent(a -> q.bind("action", a.name()));
            query.from().ifPresent(f -> q.bind("from", timestamp(f)));
            query.to().ifPresent(t -> q.bind("to", timestamp(t)));
            return q.map((row, ctx) -> entry(row)).list();
        });
    }

    @Override
    public List<AuditEntry> chain(Optional<TenantId> tenant, long afterSequence, int limit) {
        return call("reading the audit chain", handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM audit_entries WHERE chain = :chain AND sequence > :after ORDER BY sequence LIMIT :limit")
                .bind("chain", chainOf(tenant)).bind("after", afterSequence).bind("limit", limit)
                .map((row, ctx) -> entry(row)).list());
    }

    @Override
    public Optional<Head> head(Optional<TenantId> tenant) {
        return call("reading the audit chain's head", handle -> handle.createQuery(
                        "SELECT sequence, hash FROM audit_heads WHERE chain = :chain AND sequence > 0")
                .bind("chain", chainOf(tenant))
                .map((row, ctx) -> new Head(row.getLong("sequence"), row.getString("hash"))).findOne());
    }

    @Override
    public List<Optional<TenantId>> chains() {
        List<String> names = call("listing audit chains", handle -> handle.createQuery(
                "SELECT chain FROM audit_heads WHERE sequence > 0 ORDER BY chain COLLATE \"C\"").mapTo(String.class).list());
        List<Optional<TenantId>> chains = new ArrayList<>();
        names.stream().filter(n -> !n.equals(SERVICE_CHAIN)).forEach(n -> chains.add(Optional.of(new TenantId(n))));
        if (names.contains(SERVICE_CHAIN)) {
            chains.add(Optional.empty());
        }
        return chains;
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        String chain = row.getString("chain");
        Object version = row.getObject("version");
        UUID document = row.getObject("document_id", UUID.class);
        return new AuditEntry(chain.equals(SERVICE_CHAIN) ? Optional.empty() : Optional.of(new TenantId(chain)),
                row.getLong("sequence"), row.getObject("at", OffsetDateTime.class).toInstant(), row.getString("actor"),
                AuditEntry.Action.valueOf(row.getString("action")),
                Optional.ofNullable(document).map(DocumentId::new),
                Optional.ofNullable(version).map(v -> ((Number) v).intValue()), row.getString("detail"),
                row.getString("previous_hash"), row.getString("hash"));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
