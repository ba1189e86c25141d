package io.dossier.adapter.persistence;

import io.dossier.application.port.out.ResumableUploads;
import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.dossier.adapter.persistence.Columns.timestamp;

/** Resumable uploads in PostgreSQL: one row each, updated only from the revision the caller read. */
final class JdbiResumableUploads implements ResumableUploads {
    private static final String INSERT = """
            INSERT INTO resumable_uploads (tenant, id, length, store_upload_id, metadata, expires_at, revision, parts,
                                           tail_keys, tail_lengths, state, claim_token, claimed_until)
            VALUES (:tenant, :id, :length, :storeUploadId, :metadata, :expiresAt, :next, :parts,
                    :tailKeys, :tailLengths, :state, :claimToken, :claimedUntil)
            ON CONFLICT (tenant, id) DO NOTHING
            """;
    private static final String UPDATE = """
            UPDATE resumable_uploads
               SET revision = :next, parts = :parts, tail_keys = :tailKeys, tail_lengths = :tailLengths,
                   state = :state,
                   claim_token = :claimToken, claimed_until = :claimedUntil
             WHERE tenant = :tenant AND id = :id AND revision = :revision
            """;

    private final Jdbi jdbi;

    JdbiResumableUploads(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ResumableUpload save(ResumableUpload upload) {
        ResumableUpload.Snapshot s = upload.snapshot();
        boolean insert = s.revision() == 0;
        int rows = call("saving resumable upload " + s.id(), handle ->
                bind(handle.createUpdate(insert ? INSERT : UPDATE), s).execute());
        if (rows != 1) {
            throw new DocumentException.Conflict(insert ? "upload " + s.id() + " exists already"
                    : "upload " + s.id() + " was changed by another request");
        }
        return ResumableUpload.restore(s.savedAgain());
    }

    private static <S extends SqlStatement<S>> S bind(S statement, ResumableUpload.Snapshot s) {
        StringBuilder parts = new StringBuilder();
        for (ResumableUpload.Part part : s.parts()) {
            parts.append(part.number()).append(' ').append(part.size()).append(' ').append(part.etag()).append('\n');
        }
        return statement.bind("tenant", s.tenant().value()).bind("id", s.id()).bind("length", s.length())
                .bind("storeUploadId", s.storeUploadId()).bind("metadata", s.metadata())
                .bind("expiresAt", timestamp(s.expiresAt())).bind("revision", s.revision())
                .bind("next", s.revision() + 1).bind("parts", parts.toString())
                .bindArray("tailKeys", String.class, s.tails().stream().map(ResumableUpload.Tail::key).toList())
                .bindArray("tailLengths", Long.class, s.tails().stream().map(ResumableUpload.Tail::length).toList())
                .bind("state", s.state().name())
                .bind("claimToken", s.claim().map(ResumableUpload.Claim::token).orElse(null))
                .bind("claimedUntil", s.claim().map(c -> timestamp(c.until())).orElse(null));
    }

    @Override
    public Optional<ResumableUpload> find(TenantId tenant, String id) {
        return call("reading resumable upload " + id, handle -> handle.createQuery(
                        "SELECT * FROM resumable_uploads WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant.value()).bind("id", id).map((row, ctx) -> upload(row)).findOne());
    }

    @Override
    public List<ResumableUpload> expired(Instant now, int limit) {
        return call("listing expired resumable uploads", handle -> handle.createQuery("""
                        SELECT * FROM resumable_uploads WHERE state = 'RECEIVING' AND expires_at <= :now
                         ORDER BY expires_at LIMIT :limit""")
                .bind("now", timestamp(now)).bind("limit", limit).map((row, ctx) -> upload(row)).list());
    }

    @Override
    public boolean holdsStoreUpload(String storeUploadId) {
        return call("looking up a multipart upload", handle -> handle.createQuery(
                        "SELECT 1 FROM resumable_uploads WHERE state = 'RECEIVING' AND store_upload_id = :id LIMIT 1")
                .bind("id", storeUploadId).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public boolean references(StorageKey tail) {
        return call("looking up an upload's tail", handle -> handle.createQuery(
                        "SELECT 1 FROM resumable_uploads WHERE state = 'RECEIVING' AND tail_keys @> ARRAY[CAST(:key AS text)] LIMIT 1")
                .bind("key", tail.key()).mapTo(Integer.class).findOne().isPresent());
    }

    private static ResumableUpload upload(ResultSet row) throws SQLException {
        List<ResumableUpload.Part> parts = new ArrayList<>();
        for (String line : row.getString("parts").split("\n")) {
            if (!line.isEmpty()) {
                String[] fields = line.split(" ", 3);
                parts.add(new ResumableUpload.Part(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2]));
            }
        }
        String[] tailKeys = (String[]) row.getArray("tail_keys").getArray();
        Long[] tailLengths = (Long[]) row.getArray("tail_lengths").getArray();
        List<ResumableUpload.Tail> tails = new ArrayList<>();
        for (int i = 0; i < tailKeys.length; i++) {
            tails.add(new ResumableUpload.Tail(tailKeys[i], tailLengths[i]));
        }
        String claimToken = row.getString("claim_token");
        Optional<ResumableUpload.Claim> claim = claimToken == null ? Optional.empty()
                : Optional.of(new ResumableUpload.Claim(claimToken, Columns.instant(row, "claimed_until")));
        return ResumableUpload.restore(new ResumableUpload.Snapshot(row.getString("id"),
                new TenantId(row.getString("tenant")), row.getLong("length"), row.getString("store_upload_id"),
                row.getString("metadata"), Columns.instant(row, "expires_at"), row.getLong("revision"), parts, tails,
                ResumableUpload.State.valueOf(row.getString("state")), claim));
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
