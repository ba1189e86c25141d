package io.dossier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An upload a client sends in pieces, over as many requests (and server instances) as it takes:
 * the bytes go into one multipart upload of the store, part by part; what has been received is
 * the parts recorded here plus the tails: bytes too few for a part, each request's kept as an
 * object of its own, until a later request streams them, in order, in front of its own bytes into
 * the next part. Each byte is so written and read once, however small the client's requests. It belongs to the upload ticket of the same
 * id, which makes the version once every byte has arrived.
 *
 * <p>One request writes at a time: it claims the upload first, and a claim that was not released
 * (the instance died) lapses. Each save names the revision it read, so that two requests never
 * both believe they advanced the upload.
 */
public final class ResumableUpload {
    public enum State { RECEIVING, RECEIVED, TERMINATED, EXPIRED }

    /** The store allows at most this many parts in one upload. */
    public static final int MAX_PARTS = 10_000;
    /** Tails kept at most; past this, the next request merges them into one. */
    public static final int MAX_TAILS = 32;

    /** A part the store has taken. */
    public record Part(int number, long size, String etag) {
        public Part {
            if (number < 1 || number > MAX_PARTS) {
                throw new DocumentException.InvalidInput("part numbers run from 1 to " + MAX_PARTS);
            }
            if (size < 1) {
                throw new DocumentException.InvalidInput("a part has at least one byte");
            }
            etag = Checks.text(etag, "part etag", 200);
        }
    }

    /** Bytes received after the last part, kept under their own key of the upload's repository. */
    public record Tail(String key, long length) {
        public Tail {
            key = Checks.text(key, "tail key", 1024);
            if (length < 1) {
                throw new DocumentException.InvalidInput("a tail has at least one byte");
            }
        }
    }

    /** A request writing to the upload, until when. */
    public record Claim(String token, Instant until) {
        public Claim {
            Checks.text(token, "claim token", 64);
            Checks.present(until, "claim expiry");
        }
    }

    private final String id;
    private final TenantId tenant;
    private final long length;
    private final String storeUploadId;
    private final String metadata;
    private final Instant expiresAt;
    private final long revision;
    private final List<Part> parts;
    private final List<Tail> tails;
    private State state;
    private Optional<Claim> claim;

    private ResumableUpload(Snapshot s) {
        this.id = Checks.text(s.id(), "upload id", 64);
        this.tenant = Checks.present(s.tenant(), "tenant");
        if (s.length() < 1) {
            throw new DocumentException.InvalidInput("an upload has at least one byte");
        }
        this.length = s.length();
        this.storeUploadId = Checks.text(s.storeUploadId(), "store upload id", 1024);
        this.metadata = Checks.present(s.metadata(), "metadata");
        if (metadata.length() > 4096) {
            throw new DocumentException.InvalidInput("upload metadata has at most 4096 characters");
        }
        this.expiresAt = Checks.present(s.expiresAt(), "expiry");
        this.revision = s.revision();
        this.parts = new ArrayList<>(Checks.present(s.parts(), "parts"));
        this.tails = new ArrayList<>(Checks.present(s.tails(), "tails"));
        if (tails.size() > MAX_TAILS) {
            throw new DocumentException.InvalidInput("an upload keeps at most " + MAX_TAILS + " tails");
        }
        this.state = Checks.present(s.state(), "state");
        this.claim = Checks.present(s.claim(), "claim");
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).number() <= parts.get(i - 1).number()) {
                throw new DocumentException.InvalidInput("parts are kept in ascending order");
            }
        }
        if (offset() > length) {
            throw new DocumentException.InvalidInput("an upload cannot hold more than its length");
        }
    }

    /** A new upload of {@code length} bytes into the store's multipart upload {@code storeUploadId}. */
    public static ResumableUpload create(String id, TenantId tenant, long length, String storeUploadId,
                                         String metadata, Instant expiresAt) {
        return new ResumableUpload(new Snapshot(id, tenant, length, storeUploadId, metadata, expiresAt, 0,
                List.of(), List.of(), State.RECEIVING, Optional.empty()));
    }

    /** Everything a stored upload is, as a persistence adapter reads and writes it. */
    public record Snapshot(String id, TenantId tenant, long length, String storeUploadId, String metadata,
                           Instant expiresAt, long revision, List<Part> parts, List<Tail> tails, State state,
                           Optional<Claim> claim) {
        public Snapshot {
            parts = List.copyOf(parts);
            tails = List.copyOf(tails);
        }

        /** The same upload, as saved once more. */
        public Snapshot savedAgain() {
            return new Snapshot(id, tenant, length, storeUploadId, metadata, expiresAt, revision + 1, parts, tails,
                    state, claim);
        }
    }

    /** Rebuilds a stored upload. For persistence adapters only. */
    public static ResumableUpload restore(Snapshot snapshot) {
        return new ResumableUpload(snapshot);
    }

    public Snapshot snapshot() {
        return new Snapshot(id, tenant, length, storeUploadId, metadata, expiresAt, revision, parts, tails, state,
                claim);
    }

    /** How many bytes have been received for good: every recorded part and every tail. */
    public long offset() {
        long sum = tailLength();
        for (Part part : parts) {
            sum += part.size();
        }
        return sum;
    }

    /** The number the next part gets. */
    public int nextPartNumber() {
        return parts.isEmpty() ? 1 : parts.get(parts.size() - 1).number() + 1;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * Takes the upload for one request that starts writing at {@code offset}.
     *
     * @throws DocumentException.NotFound when the upload was terminated or has expired
     * @throws DocumentException.Conflict when the offset is not where the upload stands, every
     *         byte has arrived already, or another request holds an unexpired claim
     */
    public void claim(String token, long offset, Instant now, Instant until) {
        requireOpen(now);
        requireAt(offset);
        if (state != State.RECEIVING) {
            throw new DocumentException.Conflict("every byte of this upload has arrived");
        }
        if (claim.isPresent() && claim.get().until().isAfter(now)) {
            throw new DocumentException.Conflict("another request is writing to this upload");
        }
        claim = Optional.of(new Claim(token, until));
    }

    /**
     * Refuses bytes meant for another offset. A client that lost track of its upload learns that
     * first (409, then HEAD), whatever else is wrong with what it sent.
     */
    public void requireAt(long offset) {
        if (offset != offset()) {
            throw new DocumentException.Conflict("the upload stands at offset " + offset() + ", not " + offset);
        }
    }

    /** Ends the claim, if this request still holds it. */
    public void release(String token) {
        if (holds(token)) {
            claim = Optional.empty();
        }
    }

    public boolean holds(String token) {
        return claim.map(c -> c.token().equals(token)).orElse(false);
    }

    /** The bytes the tails hold. */
    public long tailLength() {
        long sum = 0;
        for (Tail t : tails) {
            sum += t.length();
        }
        return sum;
    }

    /**
     * Records parts the store took, then a tail after them (or none). The first part begins with
     * every tail's bytes, so recorded parts replace the tails; without parts, the new tail is
     * added after the others. The caller deletes replaced tails' objects once this is saved.
     */
    public void receive(String token, List<Part> received, Optional<Tail> newTail) {
        requireClaim(token);
        int next = nextPartNumber();
        for (Part part : received) {
            if (part.number() < next) {
                throw new DocumentException.Conflict("part " + part.number() + " is recorded already");
            }
            next = part.number() + 1;
        }
        if (received.isEmpty() && newTail.isPresent() && tails.size() >= MAX_TAILS) {
            throw new DocumentException.Conflict("upload " + id + " keeps " + MAX_TAILS + " tails already: merge them");
        }
        List<Part> before = List.copyOf(parts);
        List<Tail> tailsBefore = List.copyOf(tails);
        parts.addAll(received);
        if (!received.isEmpty()) {
            tails.clear();
        }
        newTail.ifPresent(tails::add);
        if (offset() > length) {
            parts.clear();
            parts.addAll(before);
            tails.clear();
            tails.addAll(tailsBefore);
            throw new DocumentException.InvalidInput("the upload has only " + length + " bytes");
        }
    }

    /**
     * Replaces every tail by one object holding their bytes, in order, and then more: what a
     * request does instead of adding a tail when the upload keeps the most already.
     */
    public void mergeTails(String token, Tail merged) {
        requireClaim(token);
        if (merged.length() <= tailLength() || offset() - tailLength() + merged.length() > length) {
            throw new DocumentException.InvalidInput("a merged tail holds the tails' bytes and more, within the length");
        }
        tails.clear();
        tails.add(merged);
    }

    /**
     * Every byte has arrived and the store's upload is complete: from here the ticket makes the
     * version, and nothing more is written.
     */
    public void finish(String token) {
        requireClaim(token);
        if (offset() != length || !tails.isEmpty()) {
            throw new DocumentException.Conflict("the upload has " + offset() + " of " + length + " bytes");
        }
        state = State.RECEIVED;
        claim = Optional.empty();
    }

    /** The client gave up: nothing more is received, and its parts go. */
    public void terminate(Instant now) {
        requireOpen(now);
        if (state != State.RECEIVING) {
            throw new DocumentException.Conflict("every byte of this upload has arrived; it cannot be terminated");
        }
        state = State.TERMINATED;
        claim = Optional.empty();
    }

    /** Closes an unfinished upload whose time is up. */
    public void expire(Instant now) {
        if (state != State.RECEIVING) {
            throw new DocumentException.Conflict("upload " + id + " is " + state.name().toLowerCase() + " already");
        }
        if (!isExpiredAt(now)) {
            throw new DocumentException.Conflict("upload " + id + " has not expired yet");
        }
        state = State.EXPIRED;
        claim = Optional.empty();
    }

    private void requireOpen(Instant now) {
        if (state == State.TERMINATED) {
            throw new DocumentException.NotFound("upload " + id + " was terminated");
        }
        if (state == State.EXPIRED || (state == State.RECEIVING && isExpiredAt(now))) {
            throw new DocumentException.NotFound("upload " + id + " has expired");
        }
    }

    private void requireClaim(String token) {
        if (state != State.RECEIVING || !holds(token)) {
            throw new DocumentException.Conflict("this request no longer holds upload " + id);
        }
    }

    public String id() { return id; }
    public TenantId tenant() { return tenant; }
    public long length() { return length; }
    public String storeUploadId() { return storeUploadId; }
    /** The client's Upload-Metadata, as sent. */
    public String metadata() { return metadata; }
    public Instant expiresAt() { return expiresAt; }
    public long revision() { return revision; }
    public List<Part> parts() { return List.copyOf(parts); }
    /** The tails, in the order their bytes come. */
    public List<Tail> tails() { return List.copyOf(tails); }
    public State state() { return state; }
    public Optional<Claim> claim() { return claim; }
}
