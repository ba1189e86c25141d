package io.dossier.testing.usecases;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.CompleteUploadUseCase.Completion;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.IssueUploadUseCase.IssuedUpload;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dossier.testing.usecases.Core.START;
import static io.dossier.testing.usecases.Core.TENANT;
import static io.dossier.testing.usecases.Core.bytes;
import static io.dossier.testing.usecases.Core.read;
import static io.dossier.testing.usecases.Core.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presigned uploads: ticket, form, the client's POST to the store, the checked completion. */
class UploadUseCasesTest {
    static final byte[] PDF = bytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
    private final Core core = new Core();

    private IssuedUpload issueNew(Optional<Visibility> visibility) {
        return core.dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice, Optional.empty(),
                Filing.UNFILED, "scan.pdf", "application/pdf", visibility, Expectation.NONE, Optional.empty(), 1000));
    }

    private IssuedUpload issueFor(DocumentId id, Expectation expectation) {
        return core.dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice, Optional.of(id),
                Filing.UNFILED, "scan.pdf", "application/pdf", Optional.empty(), expectation, Optional.empty(), 1000));
    }

    /** What the client does with the form: POST the fields and the file to the store. */
    private boolean post(IssuedUpload upload, byte[] file) {
        return post(upload, upload.form().fields().get("Content-Type"), file);
    }

    private boolean post(IssuedUpload upload, String contentType, byte[] file) {
        String repository = upload.form().url().getSchemeSpecificPart();
        return core.store.acceptFormUpload(new StorageKey(repository, upload.form().fields().get("key")), contentType,
                file);
    }

    private Completion complete(IssuedUpload upload) {
        return core.dossier.completeUpload().complete(core.alice, upload.ticket().id());
    }

    private UploadTicket ticket(IssuedUpload upload) {
        return core.tickets.find(TENANT, upload.ticket().id()).orElseThrow();
    }

    private static StorageKey keyOf(IssuedUpload upload) {
        return new StorageKey(upload.ticket().repositoryId(), upload.ticket().key());
    }

    // ---- issue ---------------------------------------------------------------------------

    @Test
    void an_upload_for_a_new_document_creates_it_without_a_version_and_issues_a_ticket_and_form() {
        IssuedUpload upload = issueNew(Optional.empty());

        Document document = upload.document();
        assertTrue(document.versions().isEmpty());
        assertEquals("scan.pdf", document.metadata().name());
        assertEquals(Visibility.PRIVATE, document.visibility());
        UploadTicket ticket = upload.ticket();
        assertEquals(UploadTicket.State.ISSUED, ticket.state());
        assertEquals(document.id(), ticket.documentId());
        assertEquals(START.plus(Core.UPLOAD_LIFETIME), ticket.expiresAt());
        assertEquals(1000, ticket.maxBytes());
        assertTrue(ticket.key().startsWith(TENANT + "/" + document.id() + "/"), ticket.key());
        assertTrue(ticket.key().endsWith(ticket.contentStreamId()), ticket.key());
        assertEquals(ticket.key(), upload.form().fields().get("key"));
        assertEquals("application/pdf", upload.form().fields().get("Content-Type"));
        assertTrue(upload.publicToken().isEmpty());
        assertTrue(core.objects().isEmpty(), "nothing is stored before the client posts");
        assertEquals(List.of(ticket.id()), core.tickets.openTickets(TENANT, document.id()).stream()
                .map(UploadTicket::id).toList());
    }

    @Test
    void an_upload_for_a_new_public_document_comes_with_a_token_that_works_once_the_bytes_landed() {
        IssuedUpload upload = issueNew(Optional.of(Visibility.PUBLIC));
        var token = upload.publicToken().orElseThrow().presented();

        assertThrows(DocumentException.NotFound.class, () -> core.dossier.publicTokens().resolve(token));
        assertTrue(post(upload, PDF));

        assertEquals(sha256(PDF), core.dossier.publicTokens().resolve(token).version().content().sha256());
    }

    @Test
    void an_upload_for_an_existing_document_makes_its_next_version() {
        Document document = core.createWith("one");

        IssuedUpload upload = issueFor(document.id(), Expectation.currentVersion(VersionNumber.FIRST));
        assertEquals(Optional.of(VersionNumber.FIRST), upload.ticket().basedOn());
        assertEquals(1, core.tickets.find(TENANT, upload.ticket().id()).orElseThrow().basedOn().get().value());
        assertEquals(1, core.versions(document.id()).size(), "issuing makes no version");
        assertTrue(post(upload, PDF));

        Version v2 = complete(upload).version().orElseThrow();
        assertEquals(2, v2.number().value());
        assertEquals(Optional.of(VersionNumber.FIRST), v2.basedOn());
        assertEquals(sha256(PDF), v2.content().sha256());
        assertEquals(List.of(sha256("one"), sha256(PDF)),
                core.versions(document.id()).stream().map(v -> v.content().sha256()).toList());
    }

    @Test
    void an_upload_under_a_stale_version_is_not_issued() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");

        assertThrows(DocumentException.PreconditionFailed.class,
                () -> issueFor(document.id(), Expectation.currentVersion(VersionNumber.FIRST)));
        assertTrue(core.tickets.openTickets(TENANT, document.id()).isEmpty());
    }

    @Test
    void an_upload_into_an_unknown_repository_is_invalid_input() {
        assertThrows(DocumentException.InvalidInput.class, () -> core.dossier.issueUpload().issueUpload(
                new IssueUploadUseCase.Command(core.alice, Optional.empty(), Filing.UNFILED, "scan.pdf",
                        "application/pdf", Optional.empty(), Expectation.NONE, Optional.of("nowhere"), 1000)));
        assertEquals(0, core.dossier.getDocument().count(core.alice));
    }

    @Test
    void the_form_takes_only_the_declared_type_within_the_limit_before_it_expires() {
        IssuedUpload upload = issueNew(Optional.empty());

        assertFalse(post(upload, "image/png", PDF));
        assertFalse(post(upload, new byte[1001]));
        assertFalse(post(upload, new byte[0]));
        core.clock.advance(Core.UPLOAD_LIFETIME);
        assertFalse(post(upload, PDF));
        assertTrue(core.objects().isEmpty());
    }

    // ---- complete ------------------------------------------------------------------------

    @Test
    void completing_a_landed_upload_makes_exactly_one_version_with_the_uploaded_bytes() {
        IssuedUpload upload = issueNew(Optional.empty());
        assertTrue(post(upload, PDF));
        core.clock.advance(Duration.ofMinutes(2));

        Completion completion = complete(upload);

        Version v1 = completion.version().orElseThrow();
        assertEquals(1, v1.number().value());
        assertEquals(sha256(PDF), v1.content().sha256());
        assertEquals(PDF.length, v1.content().length());
        assertEquals("scan.pdf", v1.content().fileName());
        assertEquals("application/pdf", v1.content().mediaType());
        // The version names a copy under a fresh key, never the key the form can still post to.
        assertNotEquals(upload.ticket().key(), v1.content().key());
        assertTrue(v1.content().key().startsWith(TENANT + "/" + upload.document().id() + "/"), v1.content().key());
        assertEquals(upload.ticket().contentStreamId(), v1.content().contentStreamId());
        assertEquals(START.plus(Duration.ofMinutes(2)), v1.createdAt());
        assertEquals(core.alice.author(), v1.author());
        assertEquals(UploadTicket.State.COMPLETED, ticket(upload).state());
        assertEquals(Optional.of(VersionNumber.FIRST), ticket(upload).version());
        assertEquals(1, core.versions(upload.document().id()).size());
        assertEquals(List.of(v1.content().storageKey()), core.objects(), "the upload key is deleted");
        assertTrue(core.dossier.content().verifyDigest(core.alice, upload.document().id(), Optional.empty()));
    }

    @Test
    void posting_the_form_again_after_completion_cannot_change_the_version() {
        IssuedUpload upload = issueNew(Optional.empty());
        assertTrue(post(upload, PDF));
        Version v1 = complete(upload).version().orElseThrow();

        byte[] other = "%PDF-1.7 something else entirely".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(post(upload, other), "the form is valid until it expires");

        assertTrue(core.dossier.content().verifyDigest(core.alice, upload.document().id(), Optional.empty()));
        assertEquals(sha256(PDF), core.versions(upload.document().id()).get(0).content().sha256());
        assertEquals(v1, complete(upload).version().orElseThrow(), "the ticket is done: no second version");
        assertEquals(1, core.versions(upload.document().id()).size());
        assertTrue(core.dossier.completeUpload().completeLanded(TENANT, upload.document().id()).isEmpty(),
                "reads do not make a version of the re-post");

        core.clock.advance(Core.SWEEP_GRACE.plus(Core.UPLOAD_LIFETIME));
        core.dossier.sweeper().sweep();
        assertEquals(List.of(v1.content().storageKey()), core.objects(), "the re-posted object is an orphan");
        assertTrue(core.dossier.content().verifyDigest(core.alice, upload.document().id(), Optional.empty()));
    }

    /** A core over a store that posts these bytes to the upload key each time the completion opens it to read. */
    private io.dossier.application.Dossier repostingOnRead(StorageKey[] target, byte[][] reposts, int[] opened) {
        ContentStore reposting = new DelegatingStore(core.store) {
            @Override
            public java.io.InputStream open(StorageKey key, Optional<io.dossier.domain.ByteRange> range) {
                if (key.equals(target[0]) && opened[0] < reposts.length) {
                    core.store.plant(key, reposts[opened[0]++], core.clock.instant());
                }
                return super.open(key, range);
            }
        };
        return io.dossier.application.Dossier.builder().documents(core.documents).contentStore(reposting)
                .uploadTickets(core.tickets).clock(core.clock).uploadLifetime(Core.UPLOAD_LIFETIME)
                .sweepGrace(Core.SWEEP_GRACE).build();
    }

    private record Reposting(io.dossier.application.Dossier dossier, IssuedUpload upload, int[] opened) {
    }

    /** An upload posted with {@link #PDF}, then posted again with these bytes at each read that completes it. */
    private Reposting postedThenRepostedOnRead(byte[]... reposts) {
        int[] opened = {0};
        StorageKey[] target = new StorageKey[1];
        io.dossier.application.Dossier dossier = repostingOnRead(target, reposts, opened);
        IssuedUpload upload = issueNew(Optional.empty());
        target[0] = keyOf(upload);
        assertTrue(post(upload, PDF));
        return new Reposting(dossier, upload, opened);
    }

    @Test
    void a_longer_re_post_while_the_completion_reads_is_read_again_and_its_bytes_make_the_version() {
        completesWithARepostDuringTheRead(bytes("%PDF-1.7\nlonger than the first post, by a good deal\n%%EOF\n"));
    }

    @Test
    void a_shorter_re_post_while_the_completion_reads_is_read_again_and_its_bytes_make_the_version() {
        completesWithARepostDuringTheRead(bytes("%PDF-1.7\nshort\n"));
    }

    private void completesWithARepostDuringTheRead(byte[] repost) {
        Reposting r = postedThenRepostedOnRead(repost);

        Version v1 = r.dossier().completeUpload().complete(core.alice, r.upload().ticket().id()).version()
                .orElseThrow();

        assertEquals(1, r.opened()[0], "the re-post happened during the read");
        assertEquals(sha256(repost), v1.content().sha256(), "the version has the bytes that are there now");
        assertEquals(repost.length, v1.content().length());
        assertEquals(List.of(v1.content().storageKey()), core.objects(),
                "no copy of the first read is left, and the upload key is gone");
        assertTrue(core.dossier.content().verifyDigest(core.alice, r.upload().document().id(), Optional.empty()));
    }

    @Test
    void an_upload_that_keeps_changing_while_it_is_read_is_a_conflict_and_stays_open() {
        byte[][] reposts = {bytes("%PDF-1.7\none\n"), bytes("%PDF-1.7\nnumber two\n"),
                bytes("%PDF-1.7\nand the third one\n")};
        Reposting r = postedThenRepostedOnRead(reposts);

        assertThrows(DocumentException.Conflict.class,
                () -> r.dossier().completeUpload().complete(core.alice, r.upload().ticket().id()));

        assertEquals(3, r.opened()[0]);
        assertEquals(UploadTicket.State.ISSUED, ticket(r.upload()).state(), "a later completion may still succeed");
        assertEquals(List.of(keyOf(r.upload())), core.objects(), "only the upload itself is left, no copy");
        Version v1 = complete(r.upload()).version().orElseThrow();
        assertEquals(sha256(reposts[2]), v1.content().sha256());
    }

    @Test
    void reads_and_storage_events_leave_an_upload_that_keeps_changing_open_without_failing() {
        byte[][] reposts = new byte[6][];
        for (int i = 0; i < reposts.length; i++) {
            reposts[i] = bytes("%PDF-1.7\n" + "x".repeat(i + 1) + "\n");
        }
        Reposting r = postedThenRepostedOnRead(reposts);

        assertTrue(r.dossier().completeUpload().completeLanded(TENANT, r.upload().document().id()).isEmpty());
        Completion byEvent = r.dossier().completeUpload().completeStored(keyOf(r.upload())).orElseThrow();

        assertTrue(byEvent.version().isEmpty());
        assertEquals(6, r.opened()[0]);
        assertEquals(UploadTicket.State.ISSUED, ticket(r.upload()).state());
        assertEquals(List.of(keyOf(r.upload())), core.objects(), "no copy is left behind");
    }

    @Test
    void completing_twice_gives_the_same_single_version() {
        IssuedUpload upload = issueNew(Optional.empty());
        post(upload, PDF);

        Version first = complete(upload).version().orElseThrow();
        Version second = complete(upload).version().orElseThrow();

        assertEquals(first, second);
        assertEquals(1, core.versions(upload.document().id()).size());
    }

    @Test
    void twenty_concurrent_completions_make_one_version() throws Exception {
        // Tickets handed out while still open: proves the completions really overlapped.
        AtomicInteger openReads = new AtomicInteger();
        UploadTickets counting = new CountingTickets(core.tickets, openReads);
        Dossier dossier = Dossier.builder().documents(core.documents).contentStore(core.store)
                .uploadTickets(counting).clock(core.clock).build();
        int size = 4 * 1024 * 1024;
        IssuedUpload upload = dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice,
                Optional.empty(), Filing.UNFILED, "big.pdf", "application/pdf", Optional.empty(), Expectation.NONE,
                Optional.empty(), size));
        byte[] big = new byte[size];
        new Random(7).nextBytes(big);
        System.arraycopy(PDF, 0, big, 0, 5);
        assertTrue(post(upload, big));
        openReads.set(0);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Completion>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit((Callable<Completion>) () -> {
                    start.await();
                    return dossier.completeUpload().complete(core.alice, upload.ticket().id());
                }));
            }
            start.countDown();
            for (Future<Completion> result : results) {
                assertEquals(1, result.get(60, TimeUnit.SECONDS).version().orElseThrow().number().value());
            }
        } finally {
            pool.shutdownNow();
        }

        assertTrue(openReads.get() > 1, "only " + openReads.get() + " completion(s) saw the ticket open");
        List<Version> versions = core.versions(upload.document().id());
        assertEquals(1, versions.size());
        assertEquals(sha256(big), versions.get(0).content().sha256());
        assertEquals(UploadTicket.State.COMPLETED, ticket(upload).state());
    }

    /** Passes everything through, counting the lookups that find a ticket still issued. */
    private record CountingTickets(UploadTickets delegate, AtomicInteger openReads) implements UploadTickets {
        @Override
        public void save(UploadTicket ticket) {
            delegate.save(ticket);
        }

        @Override
        public Optional<UploadTicket> find(TenantId tenant, String id) {
            Optional<UploadTicket> found = delegate.find(tenant, id);
            found.filter(t -> t.state() == UploadTicket.State.ISSUED).ifPresent(t -> openReads.incrementAndGet());
            return found;
        }

        @Override
        public Optional<UploadTicket> findByKey(StorageKey key) {
            return delegate.findByKey(key);
        }

        @Override
        public io.dossier.domain.Document saveWithNewDocument(UploadTicket ticket, io.dossier.domain.Document document) {
            return delegate.saveWithNewDocument(ticket, document);
        }

        @Override
        public List<UploadTicket> openTickets(TenantId tenant, DocumentId documentId) {
            return delegate.openTickets(tenant, documentId);
        }

        @Override
        public java.util.Optional<UploadTicket> latestTicket(TenantId tenant, DocumentId documentId) {
            return delegate.latestTicket(tenant, documentId);
        }

        @Override
        public List<UploadTicket> expiredOpenTickets(Instant now, int limit) {
            return delegate.expiredOpenTickets(now, limit);
        }

        @Override
        public boolean holdsLiveTicket(StorageKey key, Instant now) {
            return delegate.holdsLiveTicket(key, now);
        }
    }

    @Test
    void completing_before_anything_landed_is_a_conflict_and_the_ticket_stays_open() {
        IssuedUpload upload = issueNew(Optional.empty());

        assertThrows(DocumentException.Conflict.class, () -> complete(upload));

        assertEquals(UploadTicket.State.ISSUED, ticket(upload).state());
        post(upload, PDF);
        assertEquals(1, complete(upload).version().orElseThrow().number().value());
    }

    @Test
    void bytes_that_are_not_the_declared_type_fail_the_ticket_and_are_deleted() {
        IssuedUpload upload = issueNew(Optional.empty());
        assertTrue(post(upload, bytes("<html>surprise</html>")));

        DocumentException.ContentRejected e = assertThrows(DocumentException.ContentRejected.class,
                () -> complete(upload));

        assertFalse(e.mediaTypeNotAccepted());
        assertEquals(UploadTicket.State.FAILED, ticket(upload).state());
        assertTrue(ticket(upload).failure().orElseThrow().contains("application/pdf"));
        assertFalse(core.stored(keyOf(upload)));
        assertTrue(core.objects().isEmpty());
        assertTrue(core.versions(upload.document().id()).isEmpty());
        assertThrows(DocumentException.ContentRejected.class, () -> complete(upload));
        assertTrue(core.versions(upload.document().id()).isEmpty());
    }

    @Test
    void an_object_over_the_limit_that_got_past_the_store_fails_the_ticket_and_is_deleted() {
        IssuedUpload upload = issueNew(Optional.empty());
        byte[] tooBig = new byte[1001];
        System.arraycopy(PDF, 0, tooBig, 0, PDF.length);
        core.store.plant(keyOf(upload), tooBig, core.clock.instant());

        assertThrows(DocumentException.ContentRejected.class, () -> complete(upload));

        assertEquals(UploadTicket.State.FAILED, ticket(upload).state());
        assertFalse(core.stored(keyOf(upload)));
        assertTrue(core.versions(upload.document().id()).isEmpty());
    }

    @Test
    void another_tenant_cannot_complete_the_ticket() {
        IssuedUpload upload = issueNew(Optional.empty());
        post(upload, PDF);

        assertThrows(DocumentException.NotFound.class,
                () -> core.dossier.completeUpload().complete(core.stranger, upload.ticket().id()));
        assertEquals(UploadTicket.State.ISSUED, ticket(upload).state());
    }

    @Test
    void a_storage_event_naming_the_object_completes_its_ticket() {
        IssuedUpload upload = issueNew(Optional.empty());
        post(upload, PDF);

        Completion completion = core.dossier.completeUpload().completeStored(keyOf(upload)).orElseThrow();

        assertEquals(1, completion.version().orElseThrow().number().value());
        assertTrue(core.dossier.completeUpload().completeStored(new StorageKey("default", "acme/none/X")).isEmpty());
    }

    // ---- lazy completion -----------------------------------------------------------------

    @Test
    void a_read_completes_a_landed_upload_first() {
        IssuedUpload upload = issueNew(Optional.empty());
        DocumentId id = upload.document().id();
        post(upload, PDF);

        // A metadata read writes nothing: the upload stays open until content is shown.
        assertTrue(core.dossier.getDocument().get(core.alice, id).versions().isEmpty());
        assertEquals(UploadTicket.State.ISSUED, ticket(upload).state());

        Document document = core.dossier.getDocument().getWithLandedUploads(core.alice, id);

        assertEquals(1, document.versions().size());
        assertEquals(sha256(PDF), document.currentVersion().orElseThrow().content().sha256());
        assertEquals(UploadTicket.State.COMPLETED, ticket(upload).state());
        assertEquals(new String(PDF, java.nio.charset.StandardCharsets.UTF_8),
                read(core.dossier.content().open(core.alice, id, Optional.empty()), Optional.empty()));
        assertEquals(1, core.versions(id).size(), "the next read finds nothing more to complete");
    }

    @Test
    void a_read_of_an_existing_document_shows_the_replacement_that_landed() {
        Document document = core.createWith("one");
        IssuedUpload upload = issueFor(document.id(), Expectation.NONE);
        post(upload, PDF);

        List<Version> versions = core.versions(document.id());

        assertEquals(2, versions.size());
        assertEquals(sha256(PDF), versions.get(1).content().sha256());
    }

    @Test
    void a_read_refuses_a_landed_upload_of_the_wrong_type_quietly() {
        IssuedUpload upload = issueNew(Optional.empty());
        post(upload, bytes("not a pdf"));

        Document document = core.dossier.getDocument().getWithLandedUploads(core.alice, upload.document().id());

        assertTrue(document.versions().isEmpty());
        assertEquals(UploadTicket.State.FAILED, ticket(upload).state());
        assertTrue(core.objects().isEmpty());
    }
}
