package io.dossier.application.service;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.DeleteDocumentUseCase;
import io.dossier.application.port.in.GetDocumentUseCase;
import io.dossier.application.port.in.ListVersionsUseCase;
import io.dossier.application.port.in.OpenContentUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.RestoreVersionUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.application.port.in.VersionContent;
import io.dossier.application.port.out.ContentStore;
import io.dossier.domain.ByteRange;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.domain.StorageKey;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Tag;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The document use cases over the out-ports. */
public final class DocumentService implements CreateDocumentUseCase, ReplaceContentUseCase, UpdateMetadataUseCase,
        RestoreVersionUseCase, GetDocumentUseCase, ListVersionsUseCase, OpenContentUseCase, TagDocumentUseCase,
        PublicTokenUseCase, DeleteDocumentUseCase {
    private static final Logger LOG = Logger.getLogger(DocumentService.class.getName());
    private final AuditLog audit;
    public static final int MAX_PAGE_SIZE = 1000;

    private final Documents documents;
    private final ContentStore store;
    private final Clock clock;
    private final IdSource ids;
    private final DocumentChanges changes;
    private final LandedUploads landed;
    private final PublicTokenIssuer publicTokens;

    DocumentService(Documents documents, ContentStore store, Clock clock, IdSource ids,
                    DocumentChanges changes, LandedUploads landed, PublicTokenIssuer publicTokens, AuditLog audit) {
        this.audit = audit;
        this.documents = documents;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.changes = changes;
        this.landed = landed;
        this.publicTokens = publicTokens;
    }

    // ---- changes: each loads its document once, checks it, and answers it as saved ---------

    @Override
    public Document create(CreateDocumentUseCase.Command command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        principal.requireReach(command.filing());
        Instant now = clock.instant();
        Document document = Document.create(ids.newDocumentId(), documents.nextNumber(principal.tenant()), principal.tenant(),
                command.filing(), command.metadata(), command.visibility(), principal.author(), now);
        if (command.content().isEmpty()) {
            return changes.save(principal.author(), document);
        }
        ContentRef content = changes.store(principal.tenant(), document.id(), command.content().get());
        try {
            document.replaceContent(content, Optional.empty(), principal.author(), now, Optional.empty());
            return changes.save(principal.author(), document);
        } catch (RuntimeException e) {
            changes.discard(content, e);
            throw e;
        }
    }

    @Override
    public Document replaceContent(ReplaceContentUseCase.Command command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        // Refuse before reading any byte when the document is not there or the caller is stale.
        Document document = readable(principal, command.documentId());
        command.expectation().check(document);
        ContentRef content = changes.store(principal.tenant(), command.documentId(), command.content());
        try {
            return changes.change(principal.author(), document, d -> {
                command.expectation().check(d);
                return d.replaceContent(content, command.metadata().isEmpty()
                                ? Optional.empty() : Optional.of(command.metadata().applyTo(d.metadata())),
                        principal.author(), clock.instant(), Optional.empty());
            }).document();
        } catch (RuntimeException e) {
            changes.discard(content, e);
            throw e;
        }
    }

    @Override
    public Document updateMetadata(UpdateMetadataUseCase.Command command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        return changes.change(principal.author(), readable(principal, command.documentId()), document -> {
            command.expectation().check(document);
            Instant now = clock.instant();
            if (!command.metadata().isEmpty()) {
                document.changeMetadata(command.metadata().applyTo(document.metadata()), principal.author(), now);
            }
            command.visibility().ifPresent(v -> document.changeVisibility(v, now));
            return document;
        }).document();
    }

    @Override
    public Version restoreVersion(RestoreVersionUseCase.Command command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        return changes.change(principal.author(), readable(principal, command.documentId()),
                document -> document.restoreVersion(command.version(), principal.author(), clock.instant())).result();
    }

    @Override
    public Tag tag(TagDocumentUseCase.Command command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        return changes.change(principal.author(), readable(principal, command.documentId()), document -> {
            command.overwrite().check(document, command.name());
            return document.tag(command.name(), command.state(), clock.instant(), command.traceId());
        }).result();
    }

    @Override
    public Document untag(Principal principal, DocumentId id, String tagName) {
        principal.require(Permission.WRITE);
        Tag.checkName(tagName);
        return changes.change(principal.author(), readable(principal, id), document -> {
            if (!document.untag(tagName)) {
                throw new DocumentException.NotFound("document " + id + " has no tag " + tagName);
            }
            return document;
        }).document();
    }

    @Override
    public IssuedToken issue(IssueCommand command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        return publicTokens.issue(principal.author(), readable(principal, command.documentId()), command.lifetime());
    }

    @Override
    public void revoke(Principal principal, DocumentId documentId, String tokenId) {
        principal.require(Permission.WRITE);
        changes.change(principal.author(), readable(principal, documentId), document -> {
            document.revokePublicToken(tokenId, clock.instant());
            return document;
        });
    }

    @Override
    public void delete(Principal principal, DocumentId id) {
        principal.require(Permission.WRITE);
        Document document = readable(principal, id);
        // Into the trash: restorable until the sweeper purges it (its objects stay until then).
        changes.change(principal.author(), document, d -> {
            d.moveToTrash(principal.author(), clock.instant());
            return null;
        });
    }

    // ---- reads ---------------------------------------------------------------------------

    @Override
    public Document get(Principal principal, DocumentId id) {
        return readable(principal, id);
    }

    @Override
    public Document getWithLandedUploads(Principal principal, DocumentId id) {
        return landed.settle(readable(principal, id));
    }

    @Override
    public Document getByNumber(Principal principal, long number) {
        principal.require(Permission.READ);
        Document document = documents.findByNumber(principal.tenant(), number)
                .orElseThrow(() -> new DocumentException.NotFound("document " + number + " does not exist"));
        principal.requireReach(document.filing());
        return document;
    }

    @Override
    public List<Document> list(Principal principal, int offset, int limit) {
        principal.require(Permission.READ);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new DocumentException.InvalidInput("offset must be ≥ 0 and limit 1…" + MAX_PAGE_SIZE);
        }
        return documents.list(principal.tenant(), principal.reach(), offset, limit);
    }

    @Override
    public long count(Principal principal) {
        principal.require(Permission.READ);
        return documents.count(principal.tenant(), principal.reach());
    }

    @Override
    public List<Version> versions(Principal principal, DocumentId id) {
        return landed.settle(readable(principal, id)).versions();
    }

    @Override
    public List<Tag> tags(Principal principal, DocumentId id) {
        return readable(principal, id).tags();
    }

    @Override
    public VersionContent open(Principal principal, DocumentId id, Optional<VersionNumber> number) {
        VersionContent content = contentOf(landed.settle(readable(principal, id)), number);
        audit.record(AuditEntry.Event.of(principal.tenant(), clock.instant(), principal.author(),
                AuditEntry.Action.CONTENT_READ, id, content.version().content().fileName())
                .withVersion(content.version().number().value()));
        return content;
    }

    @Override
    public boolean verifyDigest(Principal principal, DocumentId id, Optional<VersionNumber> number) {
        VersionContent content = open(principal, id, number);
        try (InputStream in = content.open(Optional.empty())) {
            MeasuringInputStream measured = new MeasuringInputStream(in, Long.MAX_VALUE);
            measured.transferTo(java.io.OutputStream.nullOutputStream());
            ContentRef expected = content.version().content();
            return measured.count() == expected.length() && measured.sha256Hex().equals(expected.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException("reading stored content failed", e);
        }
    }

    @Override
    public VersionContent resolve(Presented token) {
        DocumentException.NotFound notFound = new DocumentException.NotFound("no such public document");
        Document document = documents.find(token.tenant(), token.documentId()).orElseThrow(() -> notFound);
        if (!document.acceptsPublicToken(token.tokenId(), clock.instant())) {
            throw notFound;
        }
        VersionContent content = contentOf(landed.settle(document), Optional.empty());
        audit.record(new AuditEntry.Event(Optional.of(token.tenant()), clock.instant(), "PublicToken/" + token.tokenId(),
                AuditEntry.Action.TOKEN_USED, Optional.of(document.id()),
                Optional.of(content.version().number().value()), "public download"));
        return content;
    }

    private VersionContent contentOf(Document document, Optional<VersionNumber> number) {
        Version version = (number.isPresent() ? document.version(number.get()) : document.currentVersion())
                .orElseThrow(() -> new DocumentException.NotFound(number.isPresent()
                        ? "version " + number.get() + " of document " + document.id() + " does not exist"
                        : "document " + document.id() + " has no content yet"));
        return new StoredVersionContent(document.id(), version, store);
    }

    /** Loads a document the principal may read: the one load of every use case here. It writes nothing. */
    private Document readable(Principal principal, DocumentId id) {
        principal.require(Permission.READ);
        Document document = changes.load(principal.tenant(), id);
        principal.requireReach(document.filing());
        return document;
    }

    private record StoredVersionContent(DocumentId documentId, Version version, ContentStore store)
            implements VersionContent {
        @Override
        public InputStream open(Optional<ByteRange> range) {
            range.ifPresent(r -> {
                if (r.last() >= version.content().length()) {
                    throw new DocumentException.InvalidInput("range " + r.first() + "-" + r.last()
                            + " is outside the content's " + version.content().length() + " bytes");
                }
            });
            return store.open(version.content().storageKey(), range);
        }
    }

}
