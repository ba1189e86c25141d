package io.dossier.testing;

import io.dossier.application.port.out.ResumableUploads;
import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resumable uploads in a map, saved from the revision read as the database adapter does. */
public final class InMemoryResumableUploads implements ResumableUploads {
    private record Id(TenantId tenant, String id) {
    }

    private final Map<Id, ResumableUpload.Snapshot> uploads = new LinkedHashMap<>();

    @Override
    public synchronized ResumableUpload save(ResumableUpload upload) {
        ResumableUpload.Snapshot s = upload.snapshot();
        Id id = new Id(s.tenant(), s.id());
        ResumableUpload.Snapshot stored = uploads.get(id);
        if (s.revision() == 0 ? stored != null : stored == null || stored.revision() != s.revision()) {
            throw new DocumentException.Conflict(s.revision() == 0 ? "upload " + s.id() + " exists already"
                    : "upload " + s.id() + " was changed by another request");
        }
        ResumableUpload.Snapshot saved = s.savedAgain();
        uploads.put(id, saved);
        return ResumableUpload.restore(saved);
    }

    @Override
    public synchronized Optional<ResumableUpload> find(TenantId tenant, String id) {
        return Optional.ofNullable(uploads.get(new Id(tenant, id))).map(ResumableUpload::restore);
    }

    @Override
    public synchronized List<ResumableUpload> expired(Instant now, int limit) {
        return uploads.values().stream()
                .filter(s -> s.state() == ResumableUpload.State.RECEIVING && !now.isBefore(s.expiresAt()))
                .sorted(Comparator.comparing(ResumableUpload.Snapshot::expiresAt)).limit(limit)
                .map(ResumableUpload::restore).toList();
    }

    @Override
    public synchronized boolean holdsStoreUpload(String storeUploadId) {
        return uploads.values().stream().anyMatch(s -> s.state() == ResumableUpload.State.RECEIVING
                && s.storeUploadId().equals(storeUploadId));
    }

    @Override
    public synchronized boolean references(StorageKey tail) {
        return uploads.values().stream().anyMatch(s -> s.state() == ResumableUpload.State.RECEIVING
                && s.tails().stream().anyMatch(t -> t.key().equals(tail.key())));
    }
}
