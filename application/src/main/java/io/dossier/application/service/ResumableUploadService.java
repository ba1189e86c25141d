package io.dossier.application.service;

import io.dossier.application.port.in.CompleteUploadUseCase.Completion;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.ResumableUploadUseCase;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.ContentStore.StoredPart;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.ResumableUploads;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.ResumableUpload.Part;
import io.dossier.domain.ResumableUpload.Tail;
import io.dossier.domain.StorageKey;
import io.dossier.domain.UploadTicket;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resumable uploads over the store's multipart upload. The bytes of a request are cut into parts
 * of one size as they stream through (no disk, no buffer); what is left over after the last
 * whole part, when the upload is not at its end, is kept as a tail object and put in front of
 * the next request's bytes. A part is recorded once the store has it, so that a request cut off
 * halfway keeps every whole part it sent; the part in flight is lost and sent again.
 */
public final class ResumableUploadService implements ResumableUploadUseCase {
    private static final Logger LOG = Logger.getLogger(ResumableUploadService.class.getName());
    private static final long MIB = 1024 * 1024;
    /**
     * Parts are at least this big (what a cut connection may cost the client at most), and a whole
     * upload has at most 9,000 of them (the store allows 10,000). Smaller parts cost more requests
     * to the store: measured, 8 MiB parts took a third longer than 16 MiB ones.
     */
    static final long SMALLEST_PART = 16 * MIB;
    private static final int MOST_PARTS = 9_000;
    /** A request that died without releasing its claim stops blocking the upload after this. */
    private static final Duration CLAIM = Duration.ofMinutes(15);

    private final Documents documents;
    private final ContentStore store;
    private final UploadTickets tickets;
    private final ResumableUploads resumable;
    private final UploadIssuer issuer;
    private final LandedUploads landed;
    private final Clock clock;
    private final IdSource ids;
    private final Duration lifetime;
    private final Digests digests = new Digests(1_000);

    ResumableUploadService(Documents documents, ContentStore store, UploadTickets tickets, ResumableUploads resumable,
                           UploadIssuer issuer, LandedUploads landed, Clock clock, IdSource ids, Duration lifetime) {
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("resumable uploads must live at least a minute");
        }
        this.documents = documents;
        this.store = store;
        this.tickets = tickets;
        this.resumable = resumable;
        this.issuer = issuer;
        this.landed = landed;
        this.clock = clock;
        this.ids = ids;
        this.lifetime = lifetime;
    }

    /** The size of every part but the last, for an upload of {@code length} bytes: whole MiB. */
    static long partSize(long length) {
        long needed = (length + MOST_PARTS - 1) / MOST_PARTS;
        long rounded = (needed + MIB - 1) / MIB * MIB;
        return Math.max(SMALLEST_PART, rounded);
    }

    @Override
    public Progress begin(Begin command) {
        if (!store.offersMultipart() || resumable == ResumableUploads.NONE) {
            // Refused before the ticket (and a new document) is saved: nothing is left behind.
            throw new DocumentException.Unavailable("resumable uploads are not configured: they need a store of "
                    + "resumable uploads and a content store that takes uploads in parts", null);
        }
        UploadIssuer.Prepared prepared = issuer.prepare(command.upload(), lifetime);
        UploadTicket ticket = prepared.ticket();
        if ((command.length() + partSize(command.length()) - 1) / partSize(command.length())
                > ResumableUpload.MAX_PARTS) {
            throw new DocumentException.ContentTooLarge(partSize(command.length()) * MOST_PARTS);
        }
        String storeUpload = store.startMultipart(prepared.key(), ticket.mediaType());
        ResumableUpload saved;
        try {
            issuer.save(prepared);
            saved = resumable.save(ResumableUpload.create(ticket.id(), ticket.tenant(), command.length(),
                    storeUpload, command.metadata(), ticket.expiresAt()));
        } catch (RuntimeException e) {
            abortQuietly(prepared.key(), storeUpload);
            throw e;
        }
        return new Progress(saved, ticket, Optional.empty());
    }

    @Override
    public Progress progress(Principal principal, String uploadId) {
        principal.require(Permission.READ);
        UploadTicket ticket = ticketFor(principal, uploadId);
        ResumableUpload upload = open(ticket);
        return progressOf(upload, ticket);
    }

    private Progress progressOf(ResumableUpload upload, UploadTicket ticket) {
        Optional<io.dossier.domain.Version> version = ticket.version().flatMap(n ->
                documents.find(ticket.tenant(), ticket.documentId()).flatMap(d -> d.version(n)));
        return new Progress(upload, ticket, version);
    }

    @Override
    public Progress append(Append command, InputStream body) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        UploadTicket ticket = ticketFor(principal, command.uploadId());
        ResumableUpload upload = open(ticket);
        upload.requireAt(command.offset());
        if (command.offset() + command.length() > upload.length()) {
            throw new DocumentException.ContentTooLarge(upload.length());
        }
        if (command.length() == 0) {
            return progressOf(upload, ticket);
        }
        Instant now = clock.instant();
        String token = ids.newUploadId();
        upload.claim(token, command.offset(), now, now.plus(CLAIM));
        upload = resumable.save(upload);
        try {
            upload = receive(upload, ticket, token, command, body);
            if (upload.offset() < upload.length()) {
                return progressOf(upload, ticket);
            }
            store.completeMultipart(ticket.storageKey(), upload.storeUploadId(),
                    upload.parts().stream().map(p -> new StoredPart(p.number(), p.etag())).toList());
            upload.finish(token);
            upload = resumable.save(upload);
        } finally {
            release(upload, token);
        }
        // The same checks and the same single version as a presigned upload that landed.
        UploadTicket current = tickets.find(ticket.tenant(), ticket.id()).orElse(ticket);
        Optional<String> sha256 = digests.take(upload.id(), upload.length())
                .map(d -> java.util.HexFormat.of().formatHex(d.digest()));
        Completion completion = landed.completeInPlace(current, sha256);
        return new Progress(upload, completion.ticket(), completion.version());
    }

    /**
     * Streams the tails and the body into parts, and what is left into a new tail. Without a
     * part, the body alone becomes a tail after the others (or, when the upload keeps the most
     * tails already, one tail with all of them and the body).
     */
    private ResumableUpload receive(ResumableUpload upload, UploadTicket ticket, String token, Append command,
                                    InputStream body) {
        long partSize = partSize(upload.length());
        List<Tail> oldTails = upload.tails();
        StorageKey key = ticket.storageKey();
        long pending = upload.tailLength() + command.length();
        boolean reachesEnd = command.offset() + command.length() == upload.length();
        Optional<MessageDigest> digest = command.sha256().map(x -> sha256());
        // The content's SHA-256 goes on from where this instance left it, when it has it.
        Optional<MessageDigest> running = digests.copyAt(upload.id(), upload.offset());
        InputStream exact = new ExactInputStream(body, command.length());
        InputStream hashed = running.<InputStream>map(d -> new DigestInputStream(exact, d)).orElse(exact);
        InputStream checked = digest.<InputStream>map(d -> new DigestInputStream(hashed, d)).orElse(hashed);
        List<Part> unconfirmed = new ArrayList<>();
        Optional<Tail> newTail = Optional.empty();
        boolean tailKept = false;
        boolean tailsReplaced = false;
        try (InputStream source = new SequenceInputStream(new Opening(ticket, oldTails, checked))) {
            int number = upload.nextPartNumber();
            while (pending >= partSize || (reachesEnd && pending > 0)) {
                long size = Math.min(pending, partSize);
                String etag = store.putPart(key, upload.storeUploadId(), number,
                        new ExactInputStream(source, size), size);
                Part part = new Part(number++, size, etag);
                pending -= size;
                tailsReplaced = true;
                if (digest.isPresent()) {
                    unconfirmed.add(part);
                } else {
                    // Kept at once: a cut later in this request loses only the part then in flight.
                    upload.receive(token, List.of(part), Optional.empty());
                    upload = resumable.save(upload);
                    digests.keep(upload.id(), upload.offset(), running);
                    oldTails.forEach(t -> deleteQuietly(tailKey(ticket, t)));
                    oldTails = List.of();
                }
            }
            if (pending > 0) {
                boolean appended = !tailsReplaced && oldTails.size() < ResumableUpload.MAX_TAILS;
                // Appended, the tail is the body alone (the tails before it stay); else what is left of all.
                long tailBytes = appended ? command.length() : pending;
                Tail tail = new Tail(ticket.key() + ".tail-" + ids.newContentStreamId(), tailBytes);
                store.put(tailKey(ticket, tail), new ExactInputStream(appended ? checked : source, tailBytes),
                        "application/octet-stream", tailBytes, java.util.OptionalLong.of(tailBytes));
                newTail = Optional.of(tail);
                tailsReplaced = tailsReplaced || !appended;
            }
            if (digest.isPresent() && !MessageDigest.isEqual(digest.get().digest(), command.sha256().get())) {
                newTail.ifPresent(t -> deleteQuietly(tailKey(ticket, t)));
                throw new DocumentException.ChecksumMismatch("the bytes sent do not have the SHA-256 given in "
                        + "Upload-Checksum; none of them was kept");
            }
            if (!unconfirmed.isEmpty() || newTail.isPresent()) {
                if (unconfirmed.isEmpty() && tailsReplaced && !oldTails.isEmpty()) {
                    upload.mergeTails(token, newTail.orElseThrow());
                } else {
                    upload.receive(token, unconfirmed, newTail);
                }
                upload = resumable.save(upload);
                tailKept = true;
                digests.keep(upload.id(), upload.offset(), running);
                if (tailsReplaced) {
                    oldTails.forEach(t -> deleteQuietly(tailKey(ticket, t)));
                }
            }
            return upload;
        } catch (IOException | RuntimeException e) {
            if (!tailKept && !(e instanceof DocumentException.ChecksumMismatch)) {
                newTail.ifPresent(t -> deleteQuietly(tailKey(ticket, t)));
            }
            throw e instanceof IOException io ? new UncheckedIOException("the upload's bytes could not be read", io)
                    : (RuntimeException) e;
        }
    }

    /** The tails' objects, each opened only when the one before it is read to its end, then the body. */
    private final class Opening implements java.util.Enumeration<InputStream> {
        private final UploadTicket ticket;
        private final java.util.Iterator<Tail> tails;
        private InputStream body;

        Opening(UploadTicket ticket, List<Tail> tails, InputStream body) {
            this.ticket = ticket;
            this.tails = tails.iterator();
            this.body = body;
        }

        @Override
        public boolean hasMoreElements() {
            return tails.hasNext() || body != null;
        }

        @Override
        public InputStream nextElement() {
            if (tails.hasNext()) {
                Tail tail = tails.next();
                StorageKey key = tailKey(ticket, tail);
                return new Deferred(() -> new ExactInputStream.Owned(store.open(key, Optional.empty()), tail.length()));
            }
            InputStream last = body;
            body = null;
            return last;
        }
    }

    @Override
    public void terminate(Principal principal, String uploadId) {
        principal.require(Permission.WRITE);
        UploadTicket ticket = ticketFor(principal, uploadId);
        ResumableUpload upload = open(ticket);
        upload.terminate(clock.instant());
        upload = resumable.save(upload);
        abortQuietly(ticket.storageKey(), upload.storeUploadId());
        upload.tails().forEach(t -> deleteQuietly(tailKey(ticket, t)));
        UploadTicket current = tickets.find(ticket.tenant(), ticket.id()).orElse(ticket);
        if (current.state() == UploadTicket.State.ISSUED) {
            current.fail("terminated by the client");
            tickets.save(current);
        }
    }

    /** The tenant's ticket, if its document is within the principal's reach (client scope). */
    private UploadTicket ticketFor(Principal principal, String uploadId) {
        UploadTicket ticket = tickets.find(principal.tenant(), uploadId)
                .orElseThrow(() -> new DocumentException.NotFound("upload " + uploadId + " does not exist"));
        documents.find(ticket.tenant(), ticket.documentId()).ifPresent(d -> principal.requireReach(d.filing()));
        return ticket;
    }

    /** The resumable upload of the ticket, unless it was terminated or has expired. */
    private ResumableUpload open(UploadTicket ticket) {
        ResumableUpload upload = resumable.find(ticket.tenant(), ticket.id())
                .orElseThrow(() -> new DocumentException.NotFound("upload " + ticket.id() + " is not resumable"));
        boolean gone = upload.state() == ResumableUpload.State.TERMINATED
                || upload.state() == ResumableUpload.State.EXPIRED
                || (upload.state() == ResumableUpload.State.RECEIVING && upload.isExpiredAt(clock.instant()));
        if (gone) {
            throw new DocumentException.NotFound("upload " + ticket.id() + " has expired or was terminated");
        }
        return upload;
    }

    /** Ends this request's claim; a later request that took the upload over keeps its own. */
    private void release(ResumableUpload upload, String token) {
        try {
            ResumableUpload current = resumable.find(upload.tenant(), upload.id()).orElse(upload);
            if (current.holds(token)) {
                current.release(token);
                resumable.save(current);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "claim on upload " + upload.id() + " not released; it lapses", e);
        }
    }

    private static StorageKey tailKey(UploadTicket ticket, Tail tail) {
        return new StorageKey(ticket.repositoryId(), tail.key());
    }

    private void deleteQuietly(StorageKey key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete " + key.key() + "; the sweeper will", e);
        }
    }

    private void abortQuietly(StorageKey key, String storeUpload) {
        try {
            store.abortMultipart(key, storeUpload);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not abort the store's upload at " + key.key() + "; the sweeper will", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A stream opened at its first read, so that closing one never read costs nothing. */
    private static final class Deferred extends InputStream {
        private final java.util.function.Supplier<InputStream> opening;
        private InputStream in;

        Deferred(java.util.function.Supplier<InputStream> opening) {
            this.opening = opening;
        }

        private InputStream in() {
            if (in == null) {
                in = opening.get();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /**
     * The SHA-256 of each upload's received bytes, as far as this instance saw them stream
     * through, so that the finished content need not be read back to be hashed. A state is kept
     * only for an offset that was saved; an upload whose bytes (some of them) went through
     * another instance, or one this instance forgot, is hashed from the store when it finishes.
     */
    private static final class Digests {
        private record State(long offset, MessageDigest digest) {
        }

        private final Map<String, State> states;

        Digests(int most) {
            this.states = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
                    return size() > most;
                }
            };
        }

        /** A copy of the state at this offset (a fresh one at 0), to go on with; empty when unknown. */
        synchronized Optional<MessageDigest> copyAt(String id, long offset) {
            if (offset == 0) {
                return Optional.of(sha256());
            }
            State state = states.get(id);
            return state != null && state.offset() == offset ? Optional.of(copy(state.digest())) : Optional.empty();
        }

        synchronized void keep(String id, long offset, Optional<MessageDigest> digest) {
            digest.ifPresentOrElse(d -> states.put(id, new State(offset, copy(d))), () -> states.remove(id));
        }

        /** The state of an upload whose every byte it saw, and forgets it. */
        synchronized Optional<MessageDigest> take(String id, long length) {
            State state = states.remove(id);
            return state != null && state.offset() == length ? Optional.of(state.digest()) : Optional.empty();
        }

        private static MessageDigest copy(MessageDigest digest) {
            try {
                return (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
            }
        }
    }

    /**
     * Exactly {@code length} bytes of a stream that stays open: ending early is an error (a
     * connection cut off), and nothing past the length is read.
     */
    private static class ExactInputStream extends FilterInputStream {
        private long left;

        ExactInputStream(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw cut();
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw cut();
            }
            left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public void close() throws IOException {
            // The caller closes the stream it opened.
        }

        /** Exactly {@code length} bytes of a stream opened for it, closed with it (a tail's object). */
        static final class Owned extends ExactInputStream {
            Owned(InputStream in, long length) {
                super(in, length);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private EOFException cut() {
            return new EOFException("the body ended " + left + " bytes early");
        }
    }
}
