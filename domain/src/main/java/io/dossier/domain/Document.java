package io.dossier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate: a document with its immutable versions, its current tags and its public
 * tokens. Every rule about numbering, tags and tokens lives here; time and ids come in as
 * arguments. Not thread-safe: load, change and save one instance per unit of work.
 */
public final class Document {
    public static final int MAX_TAGS = 50;
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(366);
    /** The latest end a retention may have: later ones are beyond any duty and any database's dates. */
    public static final Instant LATEST_RETENTION = Instant.parse("9999-12-31T23:59:59Z");

    private final DocumentId id;
    private final long number;
    private final TenantId tenant;
    private final Filing filing;
    private final Instant createdAt;
    private final Author createdBy;
    private final long revision;
    private Metadata metadata;
    private Visibility visibility;
    private Instant lastModifiedAt;
    private final List<Version> versions;
    private final Map<String, Tag> tags;
    private final Map<String, PublicToken> publicTokens;
    private Keeping keeping;

    private Document(DocumentId id, long number, TenantId tenant, Filing filing, Metadata metadata,
                     Visibility visibility, Instant createdAt, Author createdBy, Instant lastModifiedAt,
                     List<Version> versions, List<Tag> tags, List<PublicToken> publicTokens, long revision,
                     Keeping keeping) {
        this.id = Checks.present(id, "document id");
        if (number < 1) {
            throw new DocumentException.InvalidInput("document number must be positive");
        }
        this.number = number;
        this.tenant = Checks.present(tenant, "tenant");
        this.filing = Checks.present(filing, "filing");
        this.metadata = Checks.present(metadata, "metadata");
        this.visibility = Checks.present(visibility, "visibility");
        this.createdAt = Checks.present(createdAt, "creation date");
        this.createdBy = Checks.present(createdBy, "author");
        this.lastModifiedAt = Checks.present(lastModifiedAt, "modification date");
        this.revision = revision;
        this.versions = new ArrayList<>(versions);
        for (int i = 0; i < this.versions.size(); i++) {
            if (this.versions.get(i).number().value() != i + 1) {
                throw new IllegalStateException("versions of " + id + " are not numbered 1.." + versions.size());
            }
        }
        this.tags = new TreeMap<>();
        tags.forEach(tag -> this.tags.put(tag.name(), tag));
        this.publicTokens = new TreeMap<>();
        publicTokens.forEach(token -> this.publicTokens.put(token.id(), token));
        this.keeping = Checks.present(keeping, "keeping");
    }

    /** A new document without content: it has no version until its first content arrives. */
    public static Document create(DocumentId id, long number, TenantId tenant, Filing filing, Metadata metadata,
                                  Visibility visibility, Author author, Instant now) {
        return new Document(id, number, tenant, filing, metadata, visibility, now, author, now,
                List.of(), List.of(), List.of(), 0, Keeping.FREE);
    }

    /** Everything a stored document is, as a persistence adapter reads and writes it. */
    public record Snapshot(DocumentId id, long number, TenantId tenant, Filing filing, Metadata metadata,
                           Visibility visibility, Instant createdAt, Author createdBy, Instant lastModifiedAt,
                           List<Version> versions, List<Tag> tags, List<PublicToken> publicTokens, long revision,
                           Keeping keeping) {
        public Snapshot {
            versions = List.copyOf(versions);
            tags = List.copyOf(tags);
            publicTokens = List.copyOf(publicTokens);
            keeping = keeping == null ? Keeping.FREE : keeping;
        }

        /** A document kept freely: no retention, no hold, not in the trash. */
        public Snapshot(DocumentId id, long number, TenantId tenant, Filing filing, Metadata metadata,
                        Visibility visibility, Instant createdAt, Author createdBy, Instant lastModifiedAt,
                        List<Version> versions, List<Tag> tags, List<PublicToken> publicTokens, long revision) {
            this(id, number, tenant, filing, metadata, visibility, createdAt, createdBy, lastModifiedAt, versions,
                    tags, publicTokens, revision, Keeping.FREE);
        }
    }

    /**
     * Rebuilds a stored document. For persistence adapters only: no rule of change is applied,
     * but the invariants of a document (versions numbered without gaps) are checked.
     */
    public static Document restore(Snapshot s) {
        return new Document(s.id(), s.number(), s.tenant(), s.filing(), s.metadata(), s.visibility(), s.createdAt(),
                s.createdBy(), s.lastModifiedAt(), s.versions(), s.tags(), s.publicTokens(), s.revision(), s.keeping());
    }

    /** This document as it is now. */
    public Snapshot snapshot() {
        return new Snapshot(id, number, tenant, filing, metadata, visibility, createdAt, createdBy, lastModifiedAt,
                versions, tags(), publicTokens(), revision, keeping);
    }

    /** This document as stored under another revision: what a store hands back after saving. */
    public Document atRevision(long newRevision) {
        return new Document(id, number, tenant, filing, metadata, visibility, createdAt, createdBy, lastModifiedAt,
                versions, tags(), publicTokens(), newRevision, keeping);
    }

    // ---- changes -------------------------------------------------------------------------

    /**
     * New content, optionally with new metadata, makes the next version. Resistant tags stay,
     * all other tags are dropped.
     *
     * @param basedOn the version the caller saw as current, if it said; recorded in the version
     */
    public Version replaceContent(ContentRef content, Optional<Metadata> newMetadata, Author author, Instant now,
                                  Optional<VersionNumber> basedOn) {
        Checks.present(content, "content");
        Optional<VersionNumber> base = basedOn.isPresent() ? basedOn : currentVersion().map(Version::number);
        base.ifPresent(b -> {
            if (b.value() > versions.size()) {
                throw new DocumentException.InvalidInput("version " + b + " does not exist");
            }
        });
        newMetadata.ifPresent(m -> this.metadata = m);
        Version version = addVersion(content, author, now, base, Optional.empty());
        tags.values().removeIf(tag -> !tag.isResistant());
        return version;
    }

    /**
     * New metadata. Once the document has content this makes a new version holding the same
     * content; before that it only changes the document. Tags are kept.
     */
    public Optional<Version> changeMetadata(Metadata newMetadata, Author author, Instant now) {
        this.metadata = Checks.present(newMetadata, "metadata");
        this.lastModifiedAt = now;
        Optional<Version> current = currentVersion();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(addVersion(current.get().content(), author, now, Optional.of(current.get().number()),
                Optional.empty()));
    }

    /** Makes a new version with the content of an old one; tags behave as for a replacement. */
    public Version restoreVersion(VersionNumber old, Author author, Instant now) {
        Version source = version(old).orElseThrow(
                () -> new DocumentException.NotFound("version " + old + " of document " + id + " does not exist"));
        Version version = addVersion(source.content(), author, now, currentVersion().map(Version::number),
                Optional.of(old));
        tags.values().removeIf(tag -> !tag.isResistant());
        return version;
    }

    /** Sets a tag (or its state, when it exists). Makes no version. */
    public Tag tag(String name, int state, Instant now, String traceId) {
        name = Tag.checkName(name);
        if (!tags.containsKey(name) && tags.size() >= MAX_TAGS) {
            throw new DocumentException.InvalidInput("a document has at most " + MAX_TAGS + " tags");
        }
        Tag tag = new Tag(name, state, now, traceId);
        tags.put(name, tag);
        return tag;
    }

    /** Removes a tag; false when there was none of that name. Makes no version. */
    public boolean untag(String name) {
        return tags.remove(normalizedOrSelf(name)) != null;
    }

    public void changeVisibility(Visibility newVisibility, Instant now) {
        this.visibility = Checks.present(newVisibility, "visibility");
        if (newVisibility == Visibility.PRIVATE) {
            publicTokens.replaceAll((tokenId, token) -> token.revoked(now));
        }
        this.lastModifiedAt = now;
    }

    /** Issues a token that grants reading the current content; only public documents have them. */
    public PublicToken issuePublicToken(String tokenId, Instant now, Duration lifetime) {
        if (visibility != Visibility.PUBLIC) {
            throw new DocumentException.Conflict("document " + id + " is private: it has no public tokens");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new DocumentException.InvalidInput("a token lives longer than 0 and at most " + MAX_TOKEN_LIFETIME);
        }
        if (publicTokens.containsKey(tokenId)) {
            throw new DocumentException.Conflict("token " + tokenId + " exists already");
        }
        PublicToken token = new PublicToken(tokenId, now, now.plus(lifetime), Optional.empty());
        publicTokens.put(tokenId, token);
        return token;
    }

    public void revokePublicToken(String tokenId, Instant now) {
        PublicToken token = publicTokens.get(tokenId);
        if (token == null) {
            throw new DocumentException.NotFound("token " + tokenId + " does not exist");
        }
        publicTokens.put(tokenId, token.revoked(now));
    }

    /** True when the token was issued for this document and still grants access now. */
    public boolean acceptsPublicToken(String tokenId, Instant now) {
        PublicToken token = publicTokens.get(tokenId);
        return visibility == Visibility.PUBLIC && token != null && token.isValidAt(now);
    }

    // ---- keeping: retention, legal hold, trash ---------------------------------------------

    /**
     * Retains the document until then. A retention may be extended, never shortened: records
     * kept for a legal duty must not lose that duty by a later change.
     */
    public void retainUntil(Instant until, Instant now) {
        Checks.present(until, "end of the retention");
        if (until.isAfter(LATEST_RETENTION)) {
            throw new DocumentException.InvalidInput("a retention ends by " + LATEST_RETENTION + ", not " + until);
        }
        if (!until.isAfter(now)) {
            throw new DocumentException.InvalidInput("a retention ends in the future, not at " + until);
        }
        keeping.retainUntil().filter(until::isBefore).ifPresent(current -> {
            throw new DocumentException.Conflict("document " + id + " is retained until " + current
                    + ": a retention may be extended, not shortened");
        });
        keeping = keeping.withRetention(until);
        lastModifiedAt = now;
    }

    /** Extends the retention to at least then (a policy's end); true when it changed. */
    public boolean retainAtLeast(Instant until) {
        if (keeping.retainUntil().map(current -> !current.isBefore(until)).orElse(false)) {
            return false;
        }
        keeping = keeping.withRetention(until);
        return true;
    }

    /** Places a legal hold; one that is already in place keeps its start and takes the new reason. */
    public Keeping.LegalHold placeLegalHold(String reason, Author by, Instant now) {
        Instant since = keeping.legalHold().map(Keeping.LegalHold::since).orElse(now);
        Keeping.LegalHold hold = new Keeping.LegalHold(reason, by, since);
        keeping = keeping.withHold(Optional.of(hold));
        lastModifiedAt = now;
        return hold;
    }

    /** Lifts the legal hold; false when there was none. */
    public boolean liftLegalHold(Instant now) {
        if (keeping.legalHold().isEmpty()) {
            return false;
        }
        keeping = keeping.withHold(Optional.empty());
        lastModifiedAt = now;
        return true;
    }

    /** Refuses, with the reason, while a retention or a legal hold forbids deleting the document. */
    public void requireDeletable(Instant now) {
        keeping.deletionRefusal(now).ifPresent(reason -> {
            throw new DocumentException.Conflict("document " + id + " may not be deleted: " + reason);
        });
    }

    /** Deletes the document into the trash, where it stays restorable; refused under retention or hold. */
    public void moveToTrash(Author by, Instant now) {
        if (keeping.trashed().isPresent()) {
            throw new DocumentException.NotFound("document " + id + " does not exist");
        }
        requireDeletable(now);
        keeping = keeping.withTrashed(Optional.of(new Keeping.Trashed(now, Checks.present(by, "who deleted"))));
    }

    /** Takes the document out of the trash, as it was. */
    public void restoreFromTrash(Instant now) {
        if (keeping.trashed().isEmpty()) {
            throw new DocumentException.Conflict("document " + id + " is not in the trash");
        }
        keeping = keeping.withTrashed(Optional.empty());
        lastModifiedAt = now;
    }

    /** True when the document has lain in the trash for that long and nothing forbids purging it. */
    public boolean isPurgeable(Instant now, Duration trashPeriod) {
        return keeping.trashed().map(t -> !t.at().plus(trashPeriod).isAfter(now)).orElse(false)
                && keeping.deletionRefusal(now).isEmpty();
    }

    /**
     * Records that a scan found this version's stored bytes missing or altered; a version found
     * damaged again keeps the time it was first found. True when the state changed.
     */
    public boolean markDamaged(VersionNumber number, String problem, Instant now) {
        version(number).orElseThrow(() -> new DocumentException.NotFound("version " + number + " of document "
                + id + " does not exist"));
        java.util.List<Keeping.Damage> damaged = new ArrayList<>(keeping.damaged());
        Optional<Keeping.Damage> known = damaged.stream().filter(d -> d.version() == number.value()).findFirst();
        if (known.isPresent() && known.get().problem().equals(problem)) {
            return false;
        }
        damaged.removeIf(d -> d.version() == number.value());
        damaged.add(new Keeping.Damage(number.value(), problem, known.map(Keeping.Damage::foundAt).orElse(now)));
        keeping = keeping.withDamaged(damaged);
        return true;
    }

    /** Records that a scan found this version's bytes as recorded (again); true when it had been damaged. */
    public boolean markIntact(VersionNumber number) {
        java.util.List<Keeping.Damage> damaged = new ArrayList<>(keeping.damaged());
        if (!damaged.removeIf(d -> d.version() == number.value())) {
            return false;
        }
        keeping = keeping.withDamaged(damaged);
        return true;
    }

    public Keeping keeping() {
        return keeping;
    }

    public boolean isTrashed() {
        return keeping.trashed().isPresent();
    }

    private Version addVersion(ContentRef content, Author author, Instant now, Optional<VersionNumber> basedOn,
                               Optional<VersionNumber> restoredFrom) {
        VersionNumber next = currentVersion().map(v -> v.number().next()).orElse(VersionNumber.FIRST);
        Version version = new Version(next, content, metadata, now, Checks.present(author, "author"), basedOn,
                restoredFrom);
        versions.add(version);
        lastModifiedAt = now;
        return version;
    }

    // ---- reads ---------------------------------------------------------------------------

    public DocumentId id() {
        return id;
    }

    public long number() {
        return number;
    }

    public TenantId tenant() {
        return tenant;
    }

    public Filing filing() {
        return filing;
    }

    public Metadata metadata() {
        return metadata;
    }

    public Visibility visibility() {
        return visibility;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Author createdBy() {
        return createdBy;
    }

    public Instant lastModifiedAt() {
        return lastModifiedAt;
    }

    /** The revision this instance was loaded at; stores use it for optimistic locking. */
    public long revision() {
        return revision;
    }

    public List<Version> versions() {
        return List.copyOf(versions);
    }

    public Optional<Version> currentVersion() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<Version> version(VersionNumber number) {
        Objects.requireNonNull(number);
        return number.value() <= versions.size() ? Optional.of(versions.get(number.value() - 1)) : Optional.empty();
    }

    /** The version that first stored the given content stream, if any. */
    public Optional<Version> versionIntroducing(String contentStreamId) {
        return versions.stream()
                .filter(v -> v.restoredFrom().isEmpty() && v.content().contentStreamId().equals(contentStreamId))
                .findFirst();
    }

    public List<Tag> tags() {
        return List.copyOf(tags.values());
    }

    public Optional<Tag> tag(String name) {
        return Optional.ofNullable(tags.get(normalizedOrSelf(name)));
    }

    private static String normalizedOrSelf(String name) {
        return name == null ? "" : java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC);
    }

    public List<PublicToken> publicTokens() {
        return List.copyOf(publicTokens.values());
    }

    @Override
    public String toString() {
        return "Document[" + id + " #" + number + ", " + versions.size() + " versions, revision " + revision + "]";
    }
}
