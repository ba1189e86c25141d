package io.dossier.testing.usecases;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ResumableUploadUseCase;
import io.dossier.application.port.in.ResumableUploadUseCase.Append;
import io.dossier.application.port.in.ResumableUploadUseCase.Progress;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.StorageKey;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads in pieces over the store's multipart upload, with in-memory adapters. */
class ResumableUploadsTest {
    private static final int MIB = 1024 * 1024;
    /** The part size of these uploads. */
    private static final int PART = 16 * MIB;

    private final Core core = new Core();
    private final ResumableUploadUseCase uploads = core.dossier.resumableUploads();

    private static byte[] pdf(int length, long seed) {
        return io.dossier.testing.contract.Fixtures.pdf(length, seed);
    }

    private Progress begin(Principal principal, Optional<DocumentId> document, long length) {
        return uploads.begin(new ResumableUploadUseCase.Begin(new IssueUploadUseCase.Command(principal, document,
                Filing.UNFILED, "scan.pdf", "application/pdf", Optional.empty(), Expectation.NONE, Optional.empty(),
                length), "filename c2Nhbi5wZGY="));
    }

    private Progress send(String id, byte[] all, long offset, int length) {
        return uploads.append(new Append(core.alice, id, offset, length, Optional.empty()),
                new ByteArrayInputStream(all, (int) offset, length));
    }

    /** A body that breaks after {@code delivered} bytes, as a dropped connection does. */
    private static InputStream cutAfter(byte[] all, int offset, int delivered) {
        InputStream bytes = new ByteArrayInputStream(all, offset, delivered);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = bytes.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = bytes.read(buffer, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(bytes, offset, length);
        return digest.digest();
    }

    private byte[] contentOf(DocumentId id) throws IOException {
        try (InputStream in = core.dossier.content().open(core.alice, id, Optional.empty()).open(Optional.empty())) {
            return in.readAllBytes();
        }
    }

    private List<StorageKey> tails() {
        return core.objects().stream().filter(k -> k.key().contains(".tail-")).toList();
    }

    @Test
    void an_upload_cut_off_twice_resumes_where_the_store_stands_and_makes_one_version() throws Exception {
        byte[] all = pdf(2 * PART + 5 * MIB + 123, 1);
        Progress begun = begin(core.alice, Optional.empty(), all.length);
        String id = begun.ticket().id();
        assertEquals(0, uploads.progress(core.alice, id).upload().offset());

        // Cut after a part and a half: the whole first part is kept, the part in flight is not.
        assertThrows(UncheckedIOException.class, () -> uploads.append(new Append(core.alice, id, 0, all.length,
                Optional.empty()), cutAfter(all, 0, PART + PART / 2)));
        assertEquals(PART, uploads.progress(core.alice, id).upload().offset());

        // Fewer bytes than a part: kept as a tail, and the offset moves on.
        assertEquals(PART + 3 * MIB, send(id, all, PART, 3 * MIB).upload().offset());
        assertEquals(1, tails().size());

        // Cut again: the tail and the body's first bytes make the second part.
        assertThrows(UncheckedIOException.class, () -> uploads.append(new Append(core.alice, id, PART + 3 * MIB,
                all.length - PART - 3 * MIB, Optional.empty()), cutAfter(all, PART + 3 * MIB, PART)));
        assertEquals(2 * PART, uploads.progress(core.alice, id).upload().offset());
        assertTrue(tails().isEmpty(), "the tail went into the part");

        Progress done = send(id, all, 2 * PART, all.length - 2 * PART);

        Version version = done.version().orElseThrow();
        assertEquals(all.length, version.content().length());
        assertEquals(Core.sha256(all), version.content().sha256());
        assertEquals(UploadTicket.State.COMPLETED, done.ticket().state());
        assertArrayEquals(all, contentOf(done.ticket().documentId()));
        assertEquals(1, core.versions(done.ticket().documentId()).size());
        assertTrue(tails().isEmpty());
        assertTrue(core.store.unfinishedUploads().isEmpty());
        assertEquals(all.length, uploads.progress(core.alice, id).upload().offset());
        assertThrows(DocumentException.Conflict.class, () -> send(id, all, all.length - 1, 1),
                "every byte has arrived");
    }

    @Test
    void small_requests_each_keep_their_bytes_once_until_a_part_is_full() throws Exception {
        byte[] all = pdf(PART + 700 * 1024, 9);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        int chunk = 256 * 1024;
        int offset = 0;
        for (int i = 0; i < 40 && offset + chunk < PART; i++) {
            offset = (int) send(id, all, offset, chunk).upload().offset();
        }
        // 40 requests, at most 32 tails: the 33rd merged them with its bytes into one, the rest came after it.
        ResumableUpload upload = uploads.progress(core.alice, id).upload();
        assertEquals(40 * chunk, upload.offset());
        assertEquals(40 - ResumableUpload.MAX_TAILS, upload.tails().size());
        assertEquals(upload.tails().size(), tails().size(), "every tail's object, and only those, is there");

        Progress done = send(id, all, offset, all.length - offset);

        assertEquals(Core.sha256(all), done.version().orElseThrow().content().sha256());
        assertArrayEquals(all, contentOf(done.ticket().documentId()));
        assertTrue(tails().isEmpty());
    }

    @Test
    void an_upload_continued_by_another_instance_is_hashed_from_the_store_and_has_the_right_digest() throws Exception {
        byte[] all = pdf(PART + 9 * MIB + 5, 8);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        send(id, all, 0, PART + 2 * MIB); // a part and a tail, on this instance

        ResumableUploadUseCase other = core.anotherInstance().resumableUploads();
        int sent = PART + 2 * MIB;
        Progress done = other.append(new Append(core.alice, id, sent, all.length - sent, Optional.empty()),
                new ByteArrayInputStream(all, sent, all.length - sent));

        assertEquals(Core.sha256(all), done.version().orElseThrow().content().sha256());
        assertArrayEquals(all, contentOf(done.ticket().documentId()));
    }

    @Test
    void bytes_with_a_wrong_checksum_are_refused_and_none_of_them_is_kept() throws Exception {
        byte[] all = pdf(PART + MIB, 2);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        byte[] wrong = sha256(all, 1, 5 * MIB);

        assertThrows(DocumentException.ChecksumMismatch.class, () -> uploads.append(new Append(core.alice, id, 0,
                5 * MIB, Optional.of(wrong)), new ByteArrayInputStream(all, 0, 5 * MIB)));
        assertEquals(0, uploads.progress(core.alice, id).upload().offset());
        assertTrue(tails().isEmpty(), "the refused bytes' tail is deleted");

        // Past a whole part: the part went to the store, but is not counted.
        assertThrows(DocumentException.ChecksumMismatch.class, () -> uploads.append(new Append(core.alice, id, 0,
                all.length, Optional.of(wrong)), new ByteArrayInputStream(all)));
        assertEquals(0, uploads.progress(core.alice, id).upload().offset());

        Progress done = uploads.append(new Append(core.alice, id, 0, all.length,
                Optional.of(sha256(all, 0, all.length))), new ByteArrayInputStream(all));
        assertEquals(Core.sha256(all), done.version().orElseThrow().content().sha256());
        assertArrayEquals(all, contentOf(done.ticket().documentId()));
    }

    @Test
    void a_request_at_the_wrong_offset_is_a_conflict_and_changes_nothing() {
        byte[] all = pdf(2 * MIB, 3);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        send(id, all, 0, MIB);

        assertThrows(DocumentException.Conflict.class, () -> send(id, all, 0, MIB));
        assertThrows(DocumentException.Conflict.class, () -> send(id, all, MIB + 1, 10));
        assertEquals(MIB, uploads.progress(core.alice, id).upload().offset());
        assertThrows(DocumentException.ContentTooLarge.class, () -> uploads.append(new Append(core.alice, id, MIB,
                MIB + 1, Optional.empty()), new ByteArrayInputStream(new byte[MIB + 1])));
        assertEquals(2 * MIB, send(id, all, MIB, MIB).upload().offset());
    }

    @Test
    void while_one_request_writes_another_is_a_conflict_and_the_first_goes_on() throws Exception {
        byte[] all = pdf(2 * MIB, 10);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        InputStream slow = new java.io.FilterInputStream(new ByteArrayInputStream(all)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                reading.countDown();
                try {
                    goOn.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(buffer, offset, length);
            }
        };
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<Progress> first = writer.submit(() -> uploads.append(new Append(core.alice, id, 0,
                all.length, Optional.empty()), slow));
        reading.await();

        assertThrows(DocumentException.Conflict.class, () -> send(id, all, 0, all.length));
        assertThrows(DocumentException.NotFound.class, () -> uploads.progress(core.stranger, id));

        goOn.countDown();
        Progress done = first.get(10, java.util.concurrent.TimeUnit.SECONDS);
        writer.shutdown();
        assertEquals(Core.sha256(all), done.version().orElseThrow().content().sha256());
        assertEquals(1, core.versions(done.ticket().documentId()).size());
    }

    @Test
    void without_a_store_of_resumable_uploads_nothing_is_begun_and_nothing_is_left() {
        io.dossier.application.Dossier bare = io.dossier.application.Dossier.builder().documents(core.documents)
                .contentStore(core.store).uploadTickets(core.tickets).clock(core.clock).build();

        assertThrows(DocumentException.Unavailable.class, () -> bare.resumableUploads().begin(
                new ResumableUploadUseCase.Begin(new IssueUploadUseCase.Command(core.alice, Optional.empty(),
                        Filing.UNFILED, "scan.pdf", "application/pdf", Optional.empty(), Expectation.NONE,
                        Optional.empty(), 100), "")));

        assertEquals(0, core.dossier.getDocument().count(core.alice));
        assertTrue(core.store.unfinishedUploads().isEmpty());
    }

    @Test
    void an_abandoned_upload_expires_and_the_sweeper_aborts_its_parts_and_deletes_its_tail() {
        byte[] all = pdf(PART + 4 * MIB, 4);
        Progress begun = begin(core.alice, Optional.empty(), all.length);
        String id = begun.ticket().id();
        assertEquals(begun.ticket().expiresAt(), begun.upload().expiresAt());
        send(id, all, 0, PART + MIB); // a part and a tail
        assertEquals(1, core.store.unfinishedUploads().size());
        assertEquals(1, tails().size());

        core.clock.advance(Core.RESUMABLE_LIFETIME.minusSeconds(1));
        core.dossier.sweeper().sweep();
        assertEquals(PART + MIB, uploads.progress(core.alice, id).upload().offset(), "not expired yet, nothing swept");
        assertEquals(1, core.store.unfinishedUploads().size());

        core.clock.advance(Duration.ofSeconds(1));
        assertThrows(DocumentException.NotFound.class, () -> uploads.progress(core.alice, id));
        assertThrows(DocumentException.NotFound.class, () -> send(id, all, PART + MIB, 3 * MIB));
        core.dossier.sweeper().sweep();

        assertTrue(core.store.unfinishedUploads().isEmpty(), "the store's upload is aborted");
        assertTrue(tails().isEmpty());
        assertEquals(UploadTicket.State.EXPIRED, core.dossier.completeUpload().upload(core.alice, id).state());
        assertTrue(core.versions(begun.ticket().documentId()).isEmpty());
    }

    @Test
    void another_tenants_upload_is_not_found() {
        byte[] all = pdf(MIB, 5);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();

        assertThrows(DocumentException.NotFound.class, () -> uploads.progress(core.stranger, id));
        assertThrows(DocumentException.NotFound.class, () -> uploads.append(new Append(core.stranger, id, 0,
                all.length, Optional.empty()), new ByteArrayInputStream(all)));
        assertThrows(DocumentException.NotFound.class, () -> uploads.terminate(core.stranger, id));
        assertEquals(0, uploads.progress(core.alice, id).upload().offset());
    }

    @Test
    void a_terminated_upload_is_gone_with_its_bytes_and_its_ticket_failed() {
        byte[] all = pdf(PART + 2 * MIB, 6);
        String id = begin(core.alice, Optional.empty(), all.length).ticket().id();
        send(id, all, 0, PART + MIB);

        uploads.terminate(core.alice, id);

        assertThrows(DocumentException.NotFound.class, () -> uploads.progress(core.alice, id));
        assertThrows(DocumentException.NotFound.class, () -> uploads.terminate(core.alice, id));
        assertTrue(core.store.unfinishedUploads().isEmpty());
        assertTrue(tails().isEmpty());
        assertEquals(UploadTicket.State.FAILED, core.dossier.completeUpload().upload(core.alice, id).state());
    }

    @Test
    void finished_bytes_pass_the_checks_of_every_upload_before_they_become_a_version() {
        byte[] notPdf = new byte[3 * MIB];
        Arrays.fill(notPdf, (byte) 'x');
        Progress begun = begin(core.alice, Optional.empty(), notPdf.length);

        assertThrows(DocumentException.ContentRejected.class, () -> send(begun.ticket().id(), notPdf, 0, notPdf.length));

        assertTrue(core.versions(begun.ticket().documentId()).isEmpty());
        assertEquals(UploadTicket.State.FAILED,
                core.dossier.completeUpload().upload(core.alice, begun.ticket().id()).state());
        assertTrue(core.objects().stream().noneMatch(k -> k.key().contains(begun.ticket().documentId().toString())),
                "the refused bytes are deleted: " + core.objects());
    }

    @Test
    void an_upload_for_an_existing_document_makes_its_next_version() throws Exception {
        Document document = core.createWith("first");
        byte[] all = pdf(MIB, 7);
        Progress begun = begin(core.alice, Optional.of(document.id()), all.length);
        assertEquals(document.id(), begun.ticket().documentId());

        Progress done = send(begun.ticket().id(), all, 0, all.length);

        assertEquals(2, done.version().orElseThrow().number().value());
        assertArrayEquals(all, contentOf(document.id()));
    }

    @Test
    void a_reader_can_see_but_not_send_and_the_length_is_the_limit() {
        String id = begin(core.alice, Optional.empty(), 100).ticket().id();

        assertEquals(100, uploads.progress(core.reader, id).upload().length());
        assertThrows(DocumentException.PermissionDenied.class, () -> uploads.append(new Append(core.reader, id, 0,
                100, Optional.empty()), new ByteArrayInputStream(new byte[100])));
        assertThrows(DocumentException.PermissionDenied.class, () -> uploads.terminate(core.reader, id));
        assertThrows(DocumentException.PermissionDenied.class, () -> begin(core.reader, Optional.empty(), 100));
    }
}
