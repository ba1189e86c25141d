package io.dossier.testing.usecases;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.IssueUploadUseCase.IssuedUpload;
import io.dossier.application.port.in.SweepUseCase.Report;
import io.dossier.application.port.out.ContentStore;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.TENANT;
import static io.dossier.testing.usecases.Core.bytes;
import static io.dossier.testing.usecases.Core.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweeper: closes expired tickets, completes late-completed uploads, removes orphans after the grace. */
class SweeperTest {
    private static final byte[] PDF = UploadUseCasesTest.PDF;
    private final Core core = new Core();

    private IssuedUpload issue() {
        return core.dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice, Optional.empty(),
                Filing.UNFILED, "scan.pdf", "application/pdf", Optional.of(Visibility.PRIVATE), Expectation.NONE,
                Optional.empty(), 1000));
    }

    private static StorageKey keyOf(IssuedUpload upload) {
        return new StorageKey(upload.ticket().repositoryId(), upload.ticket().key());
    }

    private boolean post(IssuedUpload upload, byte[] bytes) {
        return core.store.acceptFormUpload(keyOf(upload), "application/pdf", bytes);
    }

    private UploadTicket ticket(IssuedUpload upload) {
        return core.tickets.find(TENANT, upload.ticket().id()).orElseThrow();
    }

    private Report sweep() {
        return core.dossier.sweeper().sweep();
    }

    @Test
    void an_expired_ticket_that_was_never_used_is_closed_and_leaves_no_object() {
        IssuedUpload upload = issue();
        core.clock.advance(Core.UPLOAD_LIFETIME.minusSeconds(1));
        assertEquals(0, sweep().ticketsExpired(), "a ticket is not closed before its time");
        assertEquals(UploadTicket.State.ISSUED, ticket(upload).state());

        core.clock.advance(Duration.ofSeconds(1));
        Report report = sweep();

        assertEquals(1, report.ticketsExpired());
        assertEquals(0, report.ticketsCompleted());
        assertEquals(UploadTicket.State.EXPIRED, ticket(upload).state());
        assertFalse(core.stored(keyOf(upload)));
        assertFalse(post(upload, PDF), "the form has expired too");
        assertTrue(core.versions(upload.document().id()).isEmpty());
        assertThrows(DocumentException.Conflict.class,
                () -> core.dossier.completeUpload().complete(core.alice, upload.ticket().id()));
        assertEquals(0, sweep().ticketsExpired(), "a closed ticket is closed once");
    }

    @Test
    void an_upload_that_landed_in_time_is_completed_even_when_the_ticket_has_expired() {
        IssuedUpload upload = issue();
        assertTrue(post(upload, PDF));
        core.clock.advance(Core.UPLOAD_LIFETIME.plusMinutes(5));

        Report report = sweep();

        assertEquals(1, report.ticketsCompleted());
        assertEquals(0, report.ticketsExpired());
        assertEquals(UploadTicket.State.COMPLETED, ticket(upload).state());
        assertEquals(List.of(sha256(PDF)), core.versions(upload.document().id()).stream()
                .map(v -> v.content().sha256()).toList());
        StorageKey version = core.versions(upload.document().id()).get(0).content().storageKey();
        assertTrue(core.stored(version));
        assertFalse(core.stored(keyOf(upload)), "the version has its own copy");

        core.clock.advance(Duration.ofDays(2));
        sweep();
        assertTrue(core.stored(version), "the object is referenced now");
    }

    @Test
    void an_expired_upload_of_the_wrong_type_is_closed_and_its_object_deleted() {
        IssuedUpload upload = issue();
        assertTrue(post(upload, bytes("not a pdf")));
        core.clock.advance(Core.UPLOAD_LIFETIME);

        Report report = sweep();

        assertEquals(0, report.ticketsCompleted());
        assertEquals(UploadTicket.State.FAILED, ticket(upload).state());
        assertFalse(core.stored(keyOf(upload)));
        assertTrue(core.versions(upload.document().id()).isEmpty());
    }

    @Test
    void an_unreferenced_object_is_deleted_only_once_it_is_older_than_the_grace_period() {
        StorageKey orphan = new StorageKey("archive", TENANT + "/lost/ORPHAN");
        core.store.plant(orphan, bytes("left over from a failed commit"), core.clock.instant());

        core.clock.advance(Core.SWEEP_GRACE);
        Report early = sweep();
        assertTrue(core.stored(orphan));
        assertEquals(0, early.objectsDeleted());
        assertEquals(1, early.objectsKept(), "exactly as old as the grace period is not older");

        core.clock.advance(Duration.ofSeconds(1));
        Report late = sweep();
        assertFalse(core.stored(orphan));
        assertEquals(1, late.objectsDeleted());
    }

    @Test
    void an_object_a_version_refers_to_is_never_deleted() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        core.dossier.restoreVersion().restoreVersion(new io.dossier.application.port.in.RestoreVersionUseCase.Command(
                core.alice, document.id(), VersionNumber.FIRST));
        List<StorageKey> objects = core.objects();
        assertEquals(2, objects.size());

        core.clock.advance(Duration.ofDays(365));
        Report report = sweep();

        assertEquals(0, report.objectsDeleted());
        assertEquals(2, report.objectsKept());
        assertEquals(objects, core.objects());
        for (int v = 1; v <= 3; v++) {
            assertTrue(core.dossier.content().verifyDigest(core.alice, document.id(),
                    Optional.of(VersionNumber.of(v))));
        }
    }

    @Test
    void an_object_of_a_live_ticket_is_kept() {
        Core slow = new Core();
        // With tickets that outlive the grace period, a landed but not yet completed upload must survive.
        var dossier = io.dossier.application.Dossier.builder().documents(slow.documents).contentStore(slow.store)
                .uploadTickets(slow.tickets).clock(slow.clock).uploadLifetime(Duration.ofHours(3))
                .sweepGrace(Duration.ofHours(1)).build();
        IssuedUpload upload = dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(slow.alice,
                Optional.empty(), Filing.UNFILED, "scan.pdf", "application/pdf", Optional.empty(), Expectation.NONE,
                Optional.empty(), 1000));
        StorageKey key = keyOf(upload);
        assertTrue(slow.store.acceptFormUpload(key, "application/pdf", PDF));

        slow.clock.advance(Duration.ofHours(2));
        Report report = dossier.sweeper().sweep();

        assertEquals(0, report.objectsDeleted());
        assertTrue(slow.store.stat(key).isPresent());
        assertEquals(1, dossier.completeUpload().complete(slow.alice, upload.ticket().id()).version().orElseThrow()
                .number().value());
    }

    @Test
    void a_ticket_that_cannot_be_closed_now_does_not_stop_the_rest_of_the_sweep() {
        Core core = new Core();
        StorageKey[] broken = new StorageKey[1];
        // The store fails for one key only, as when one object sits on an unreachable node.
        ContentStore flaky = new DelegatingStore(core.store) {
            @Override
            public Optional<StoredObject> stat(StorageKey key) {
                if (key.equals(broken[0])) {
                    throw new DocumentException.Unavailable("the store does not answer for " + key.key(), null);
                }
                return super.stat(key);
            }
        };
        var dossier = io.dossier.application.Dossier.builder().documents(core.documents).contentStore(flaky)
                .uploadTickets(core.tickets).clock(core.clock).uploadLifetime(Core.UPLOAD_LIFETIME)
                .sweepGrace(Core.SWEEP_GRACE).build();
        IssuedUpload first = issueWith(dossier, core);
        IssuedUpload second = issueWith(dossier, core);
        IssuedUpload third = issueWith(dossier, core);
        broken[0] = keyOf(first);
        assertTrue(core.store.acceptFormUpload(keyOf(third), "application/pdf", PDF));
        core.clock.advance(Core.UPLOAD_LIFETIME.plusSeconds(1));

        Report report = dossier.sweeper().sweep();

        assertEquals(1, report.failures());
        assertEquals(1, report.ticketsExpired());
        assertEquals(1, report.ticketsCompleted());
        assertEquals(UploadTicket.State.ISSUED, core.tickets.find(TENANT, first.ticket().id()).orElseThrow().state(),
                "left for the next run");
        assertEquals(UploadTicket.State.EXPIRED, core.tickets.find(TENANT, second.ticket().id()).orElseThrow().state());
        assertEquals(UploadTicket.State.COMPLETED, core.tickets.find(TENANT, third.ticket().id()).orElseThrow().state());

        broken[0] = null;
        Report next = dossier.sweeper().sweep();
        assertEquals(0, next.failures());
        assertEquals(1, next.ticketsExpired());
    }

    @Test
    void an_expired_ticket_completed_concurrently_keeps_its_content() {
        Core core = new Core();
        boolean[] raced = new boolean[1];
        io.dossier.application.Dossier[] holder = new io.dossier.application.Dossier[1];
        String[] ticketId = new String[1];
        // The sweeper looks, finds nothing yet; right then the upload lands and another instance completes it.
        ContentStore racing = new DelegatingStore(core.store) {
            @Override
            public Optional<StoredObject> stat(StorageKey key) {
                if (!raced[0] && ticketId[0] != null) {
                    raced[0] = true;
                    core.store.plant(key, PDF, core.clock.instant().minusSeconds(5));
                    core.dossier.completeUpload().complete(core.alice, ticketId[0]);
                    return Optional.empty();
                }
                return super.stat(key);
            }
        };
        holder[0] = io.dossier.application.Dossier.builder().documents(core.documents).contentStore(racing)
                .uploadTickets(core.tickets).clock(core.clock).uploadLifetime(Core.UPLOAD_LIFETIME)
                .sweepGrace(Core.SWEEP_GRACE).build();
        IssuedUpload upload = issueWith(holder[0], core);
        core.clock.advance(Core.UPLOAD_LIFETIME);
        ticketId[0] = upload.ticket().id();

        Report report = holder[0].sweeper().sweep();

        assertTrue(raced[0]);
        assertEquals(0, report.ticketsExpired(), "the ticket was completed meanwhile");
        assertEquals(UploadTicket.State.COMPLETED, core.tickets.find(TENANT, ticketId[0]).orElseThrow().state());
        assertTrue(core.dossier.content().verifyDigest(core.alice, upload.document().id(), Optional.empty()),
                "the version's bytes are still there");
    }

    private static IssuedUpload issueWith(io.dossier.application.Dossier dossier, Core core) {
        return dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice, Optional.empty(),
                Filing.UNFILED, "scan.pdf", "application/pdf", Optional.of(Visibility.PRIVATE), Expectation.NONE,
                Optional.empty(), 1000));
    }
}
