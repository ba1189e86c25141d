package io.dossier.testing.contract;

import io.dossier.application.port.out.ResumableUploads;
import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ResumableUploads} implementation must do; each test uses a tenant of its own. */
public abstract class ResumableUploadsContract {

    protected abstract ResumableUploads uploads();

    private final TenantId tenant = new TenantId("r" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant t0 = Fixtures.now();

    private ResumableUpload fresh(String storeUploadId, Instant expiresAt) {
        return ResumableUpload.create("u-" + UUID.randomUUID(), tenant, 20L << 20, storeUploadId,
                "filename cmVwb3J0LnBkZg==", expiresAt);
    }

    @Test
    void an_upload_comes_back_as_saved_with_its_parts_tails_and_claim() {
        ResumableUpload saved = uploads().save(fresh("mp-" + UUID.randomUUID(), t0.plus(Duration.ofDays(1))));
        assertEquals(1, saved.revision());
        saved.claim("c-1", 0, t0, t0.plusSeconds(600));
        saved.receive("c-1", List.of(new ResumableUpload.Part(1, 8L << 20, "etag-1"),
                new ResumableUpload.Part(2, 6L << 20, "etag-2")), Optional.of(new ResumableUpload.Tail("t/k-1", 1000)));
        saved.receive("c-1", List.of(), Optional.of(new ResumableUpload.Tail("t/k-2", 24)));
        ResumableUpload again = uploads().save(saved);
        assertEquals(2, again.revision());

        ResumableUpload found = uploads().find(tenant, saved.id()).orElseThrow();
        assertEquals(again.snapshot(), found.snapshot());
        assertEquals((14L << 20) + 1024, found.offset());
        assertEquals(List.of(new ResumableUpload.Tail("t/k-1", 1000), new ResumableUpload.Tail("t/k-2", 24)),
                found.tails(), "tails in their order");
        assertEquals(3, found.nextPartNumber());
        assertEquals("filename cmVwb3J0LnBkZg==", found.metadata());
        assertTrue(found.holds("c-1"));
        assertTrue(uploads().find(new TenantId("z" + UUID.randomUUID().toString().substring(0, 8)), saved.id())
                .isEmpty(), "another tenant does not see it");
    }

    @Test
    void a_save_from_a_stale_revision_is_a_conflict_and_changes_nothing() {
        ResumableUpload saved = uploads().save(fresh("mp-" + UUID.randomUUID(), t0.plus(Duration.ofDays(1))));
        ResumableUpload first = uploads().find(tenant, saved.id()).orElseThrow();
        ResumableUpload second = uploads().find(tenant, saved.id()).orElseThrow();
        first.claim("c-a", 0, t0, t0.plusSeconds(60));
        second.claim("c-b", 0, t0, t0.plusSeconds(60));
        uploads().save(first);
        assertThrows(DocumentException.Conflict.class, () -> uploads().save(second),
                "two requests never both hold the upload");
        assertTrue(uploads().find(tenant, saved.id()).orElseThrow().holds("c-a"));
        assertThrows(DocumentException.Conflict.class, () -> uploads().save(ResumableUpload.restore(
                new ResumableUpload.Snapshot(saved.id(), tenant, 5, "x", "", t0.plusSeconds(5), 0, List.of(),
                        List.of(), ResumableUpload.State.RECEIVING, Optional.empty()))),
                "a taken id is not inserted twice");
    }

    @Test
    void expired_receiving_uploads_are_listed_and_only_receiving_ones_hold_store_uploads_and_tails() {
        String storeUpload = "mp-" + UUID.randomUUID();
        ResumableUpload due = uploads().save(fresh(storeUpload, t0.plusSeconds(10)));
        ResumableUpload later = uploads().save(fresh("mp-" + UUID.randomUUID(), t0.plus(Duration.ofDays(1))));
        String tailKey = "tails/" + UUID.randomUUID();
        due.claim("c", 0, t0, t0.plusSeconds(5));
        due.receive("c", List.of(), Optional.of(new ResumableUpload.Tail("tails/" + UUID.randomUUID(), 5)));
        due.receive("c", List.of(), Optional.of(new ResumableUpload.Tail(tailKey, 10)));
        due = uploads().save(due);

        List<String> expired = uploads().expired(t0.plusSeconds(10), 1000).stream().map(ResumableUpload::id).toList();
        assertTrue(expired.contains(due.id()));
        assertFalse(expired.contains(later.id()));
        assertTrue(uploads().holdsStoreUpload(storeUpload));
        assertTrue(uploads().references(new StorageKey("default", tailKey)));

        due.expire(t0.plusSeconds(10));
        uploads().save(due);
        assertFalse(uploads().expired(t0.plusSeconds(10), 1000).stream().map(ResumableUpload::id).toList()
                .contains(due.id()), "an expired upload is listed once");
        assertFalse(uploads().holdsStoreUpload(storeUpload), "an expired upload holds nothing in the store");
        assertFalse(uploads().references(new StorageKey("default", tailKey)));
    }
}
