package io.dossier.application.service;

import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Metadata;
import io.dossier.domain.StorageKey;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues upload tickets, for the presigned uploads and the resumable ones alike: the checks,
 * the new document (created without content) or the checked existing one, and the ticket for
 * one exact key. Prepared first and saved second, so that a caller can get the store ready for
 * the key in between.
 */
final class UploadIssuer {
    private final Documents documents;
    private final UploadTickets tickets;
    private final Transactions transactions;
    private final Clock clock;
    private final IdSource ids;
    private final DocumentChanges changes;
    private final LandedUploads landed;

    UploadIssuer(Documents documents, UploadTickets tickets, Transactions transactions, Clock clock, IdSource ids,
                 DocumentChanges changes, LandedUploads landed) {
        this.documents = documents;
        this.tickets = tickets;
        this.transactions = transactions;
        this.clock = clock;
        this.ids = ids;
        this.changes = changes;
        this.landed = landed;
    }

    /** A ticket to be saved: for this document (new, or as loaded), landing at this key. */
    record Prepared(IssueUploadUseCase.Command command, Document document, UploadTicket ticket) {
        StorageKey key() {
            return ticket.storageKey();
        }
    }

    /** Checks the command and makes the ticket; nothing is saved yet. */
    Prepared prepare(IssueUploadUseCase.Command command, Duration lifetime) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        if (command.documentId().isPresent() || command.visibility().equals(Optional.of(Visibility.PUBLIC))) {
            // Changing an existing document needs read permission as in every other use case, and so does
            // the public token a public document gets (it is a read grant). Checked before anything is saved.
            principal.require(Permission.READ);
        }
        String repository = changes.repositoryFor(command.repositoryId());
        Instant now = clock.instant();
        Document document;
        if (command.documentId().isPresent()) {
            DocumentId id = command.documentId().get();
            Document found = changes.load(principal.tenant(), id);
            principal.requireReach(found.filing());
            // An upload that landed before this one becomes its version first, as it came first.
            document = landed.settle(found);
            command.expectation().check(document);
        } else {
            principal.requireReach(command.filing());
            document = Document.create(ids.newDocumentId(), documents.nextNumber(principal.tenant()),
                    principal.tenant(), command.filing(), Metadata.named(command.name().orElse(command.fileName())),
                    command.visibility().orElse(Visibility.PRIVATE), principal.author(), now);
        }
        String streamId = ids.newContentStreamId();
        StorageKey key = new StorageKey(repository, DocumentChanges.keyFor(principal.tenant(), document.id(), streamId));
        Optional<VersionNumber> basedOn = document.currentVersion().map(Version::number);
        UploadTicket ticket = UploadTicket.issue(ids.newUploadId(), principal.tenant(), document.id(), repository,
                key.key(), streamId, command.fileName(), command.mediaType(), command.maxBytes(), now,
                now.plus(lifetime), principal.author(), basedOn);
        return new Prepared(command, document, ticket);
    }

    /** Saves the prepared ticket (with its new document, or with the existing one's checked change). */
    Document save(Prepared prepared) {
        IssueUploadUseCase.Command command = prepared.command();
        UploadTicket ticket = prepared.ticket();
        Instant now = ticket.issuedAt();
        if (command.documentId().isPresent()) {
            // The checked document's visibility change and the new ticket: one commit.
            return transactions.inTransaction(() -> {
                Document saved = changes.change(command.principal().author(), prepared.document(), d -> {
                    command.expectation().check(d);
                    command.visibility().filter(v -> v != d.visibility()).ifPresent(v -> d.changeVisibility(v, now));
                    return d;
                }).document();
                tickets.save(ticket);
                return saved;
            });
        }
        return changes.indexed(() -> tickets.saveWithNewDocument(ticket, prepared.document()));
    }
}
