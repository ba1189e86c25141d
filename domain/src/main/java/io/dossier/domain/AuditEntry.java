package io.dossier.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One entry of the append-only audit trail: who did what to which document, when. Entries form
 * a chain per tenant (and one chain for the service itself, for refused authentications): each
 * names the SHA-256 of the one before, and its own hash covers every field, so that an entry
 * altered, removed or moved breaks the chain at exactly that place.
 *
 * @param tenant   the tenant's chain, or empty for the service's own
 * @param sequence 1, 2, 3, … within the chain, without gaps
 */
public record AuditEntry(Optional<TenantId> tenant, long sequence, Instant at, String actor, Action action,
                         Optional<DocumentId> document, Optional<Integer> version, String detail,
                         String previousHash, String hash) {
    /** What the first entry of a chain names as the one before it. */
    public static final String GENESIS = "0".repeat(64);
    public static final int MAX_DETAIL = 2000;

    public enum Action {
        DOCUMENT_CREATED, METADATA_CHANGED, VISIBILITY_CHANGED, VERSION_CREATED, VERSION_RESTORED, CONTENT_READ,
        TAG_SET, TAG_REMOVED, TOKEN_ISSUED, TOKEN_REVOKED, TOKEN_USED, DELETED, RESTORED_FROM_TRASH, PURGED,
        RETENTION_SET, LEGAL_HOLD_PLACED, LEGAL_HOLD_LIFTED, AUTHENTICATION_REFUSED, INTEGRITY_FAILURE
    }

    /** What happened, before it is chained. */
    public record Event(Optional<TenantId> tenant, Instant at, String actor, Action action,
                        Optional<DocumentId> document, Optional<Integer> version, String detail) {
        public Event {
            Checks.present(tenant, "tenant of an audit event");
            // Microseconds, as databases keep time: the hash covers the instant as it is read back.
            at = Checks.present(at, "time of an audit event").truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            Checks.present(action, "action of an audit event");
            actor = actor == null || actor.isBlank() ? "-" : actor;
            document = document == null ? Optional.empty() : document;
            version = version == null ? Optional.empty() : version;
            detail = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        }

        public static Event of(TenantId tenant, Instant at, Author actor, Action action, DocumentId document,
                               String detail) {
            return new Event(Optional.of(tenant), at, actor.reference(), action, Optional.of(document),
                    Optional.empty(), detail);
        }

        public Event withVersion(int number) {
            return new Event(tenant, at, actor, action, document, Optional.of(number), detail);
        }
    }

    /** The entry that follows {@code previous} (or starts the chain) and records the event. */
    public static AuditEntry next(Optional<AuditEntry> previous, Event event) {
        long sequence = previous.map(p -> p.sequence() + 1).orElse(1L);
        String before = previous.map(AuditEntry::hash).orElse(GENESIS);
        return chained(sequence, before, event);
    }

    /** The entry at this place of its chain, after the entry whose hash is {@code previousHash}. */
    public static AuditEntry chained(long sequence, String previousHash, Event event) {
        AuditEntry unsealed = new AuditEntry(event.tenant(), sequence, event.at(), event.actor(), event.action(),
                event.document(), event.version(), event.detail(), previousHash, GENESIS);
        return new AuditEntry(event.tenant(), sequence, event.at(), event.actor(), event.action(), event.document(),
                event.version(), event.detail(), previousHash, unsealed.computedHash());
    }

    /** The hash these fields make; an entry is intact when it equals {@link #hash()}. */
    public String computedHash() {
        StringBuilder fields = new StringBuilder();
        for (String field : new String[] {previousHash, tenant.map(TenantId::value).orElse("*"),
                Long.toString(sequence), at.toString(), actor, action.name(),
                document.map(DocumentId::toString).orElse(""), version.map(String::valueOf).orElse(""), detail}) {
            // Length-prefixed, so that no two different entries read as the same text.
            fields.append(field.length()).append(':').append(field).append(';');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(fields.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when this entry is intact and follows {@code previous} (empty: it is the first). */
    public boolean follows(Optional<AuditEntry> previous) {
        return sequence == previous.map(p -> p.sequence() + 1).orElse(1L)
                && previousHash.equals(previous.map(AuditEntry::hash).orElse(GENESIS))
                && hash.equals(computedHash());
    }
}
