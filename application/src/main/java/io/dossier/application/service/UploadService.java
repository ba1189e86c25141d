package io.dossier.application.service;

import io.dossier.application.port.UploadForm;
import io.dossier.application.port.in.CompleteUploadUseCase;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.SweepUseCase;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.ContentStore.StoredObject;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.application.port.in.NewContent;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.Metadata;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Direct-to-store uploads: tickets, their checked completion, expiry, and the sweeper. */
public final class UploadService implements IssueUploadUseCase, CompleteUploadUseCase, SweepUseCase {
    private static final Logger LOG = Logger.getLogger(UploadService.class.getName());
    private static final int EXPIRY_BATCH = 500;

    private final Renditions renditions;
    private final Purging purging;
    private final Documents documents;
    private final ContentStore store;
    private final UploadTickets tickets;
    private final Transactions transactions;
    private final Clock clock;
    private final IdSource ids;
    private final Duration uploadLifetime;
    private final Duration sweepGrace;
    private final Duration publicTokenLifetime;
    private final DocumentChanges changes;
    private final LandedUploads landed;
    private final PublicTokenIssuer publicTokens;

    UploadService(Documents documents, ContentStore store, UploadTickets tickets, Transactions transactions,
                  Clock clock, IdSource ids, Duration uploadLifetime, Duration sweepGrace,
                  Duration publicTokenLifetime, DocumentChanges changes, LandedUploads landed,
                  PublicTokenIssuer publicTokens, Renditions renditions, Purging purging) {
        if (uploadLifetime.isNegative() || uploadLifetime.isZero()) {
            throw new IllegalArgumentException("upload lifetime must be positive");
        }
        if (sweepGrace.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("sweep grace must be at least one second");
        }
        this.renditions = renditions;
        this.purging = purging;
        this.documents = documents;
        this.store = store;
        this.tickets = tickets;
        this.transactions = transactions;
        this.clock = clock;
        this.ids = ids;
        this.uploadLifetime = uploadLifetime;
        this.sweepGrace = sweepGrace;
        this.publicTokenLifetime = publicTokenLifetime;
        this.changes = changes;
        this.landed = landed;
        this.publicTokens = publicTokens;
    }

    // ---- issue ---------------------------------------------------------------------------

    @Override
    public IssuedUpload issueUpload(IssueUploadUseCase.Command command) {
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
                now.plus(uploadLifetime), principal.author(), basedOn);
        if (command.documentId().isPresent()) {
            Document existing = document;
            // The checked document's visibility change and the new ticket: one commit.
            document = transactions.inTransaction(() -> {
                Document saved = changes.change(principal.author(), existing, d -> {
                    command.expectation().check(d);
                    command.visibility().filter(v -> v != d.visibility()).ifPresent(v -> d.changeVisibility(v, now));
                    return d;
                }).document();
                tickets.save(ticket);
                return saved;
            });
        } else {
            Document fresh = document;
            document = changes.indexed(() -> tickets.saveWithNewDocument(ticket, fresh));
        }
        UploadForm form = store.presignUpload(key, command.mediaType(), command.maxBytes(),
                ticket.expiresAt());
        Optional<PublicTokenUseCase.IssuedToken> token = document.visibility() == Visibility.PUBLIC
                ? Optional.of(publicTokens.issue(principal.author(), document, publicTokenLifetime))
                : Optional.empty();
        return new IssuedUpload(document, ticket, form, token);
    }

    // ---- complete ------------------------------------------------------------------------

    @Override
    public Completion complete(Principal principal, String uploadId) {
        principal.require(Permission.WRITE);
        UploadTicket ticket = ticketFor(principal, uploadId);
        Completion completion = landed.complete(ticket);
        if (completion.version().isEmpty()) {
            throw new DocumentException.Conflict("nothing has been uploaded for " + uploadId + " yet");
        }
        return completion;
    }

    @Override
    public UploadTicket upload(Principal principal, String uploadId) {
        principal.require(Permission.READ);
        return ticketFor(principal, uploadId);
    }

    @Override
    public Optional<UploadTicket> lastUpload(Principal principal, DocumentId documentId) {
        principal.require(Permission.READ);
        return tickets.latestTicket(principal.tenant(), documentId);
    }

    /** The tenant's ticket, if its document is within the principal's reach (client scope). */
    private UploadTicket ticketFor(Principal principal, String uploadId) {
        UploadTicket ticket = tickets.find(principal.tenant(), uploadId)
                .orElseThrow(() -> new DocumentException.NotFound("upload " + uploadId + " does not exist"));
        documents.find(ticket.tenant(), ticket.documentId()).ifPresent(d -> principal.requireReach(d.filing()));
        return ticket;
    }

    @Override
    public Optional<Completion> completeStored(StorageKey key) {
        return tickets.findByKey(key).map(ticket -> {
            try {
                return landed.complete(ticket);
            } catch (DocumentException.ContentRejected rejected) {
                return new Completion(tickets.find(ticket.tenant(), ticket.id()).orElse(ticket), Optional.empty());
            }
        });
    }

    @Override
    public List<Completion> completeLanded(TenantId tenant, DocumentId documentId) {
        return landed.completeAll(tenant, documentId);
    }

    // ---- sweep ---------------------------------------------------------------------------

    @Override
    public Report sweep() {
        Instant now = clock.instant();
        int expired = 0;
        int completed = 0;
        int failures = 0;
        for (UploadTicket ticket : tickets.expiredOpenTickets(now, EXPIRY_BATCH)) {
            // One ticket that cannot be closed now (a store or database outage, a conflict that
            // outlasted the retries) is tried again at the next run; it never stops the others.
            try {
                switch (closeExpired(ticket, now)) {
                    case COMPLETED -> completed++;
                    case EXPIRED -> expired++;
                    default -> { }
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.log(Level.WARNING, "expired upload " + ticket.id() + " could not be closed; the next sweep "
                        + "tries again", e);
            }
        }
        int purged = 0;
        try {
            // Before the orphans: the objects of purged documents are orphans of this same run.
            purged = purging.purgeDue(now);
        } catch (RuntimeException e) {
            failures++;
            LOG.log(Level.WARNING, "could not list the trash; the next sweep tries again", e);
        }
        int deleted = 0;
        int kept = 0;
        int aborted = 0;
        Instant cutoff = now.minus(sweepGrace);
        for (String repository : store.repositories()) {
            try {
                aborted += store.abortUnfinishedUploads(repository, cutoff);
            } catch (RuntimeException e) {
                failures++;
                LOG.log(Level.WARNING, "could not abort unfinished uploads in " + repository
                        + "; the next sweep tries again", e);
            }
        }
        for (String repository : store.repositories()) {
            try (Stream<StoredObject> objects = store.list(repository, "")) {
                for (StoredObject object : (Iterable<StoredObject>) objects::iterator) {
                    try {
                        if (!object.lastModified().isBefore(cutoff) || documents.references(object.key())
                                || renditions.references(object.key())
                                || tickets.holdsLiveTicket(object.key(), now)) {
                            kept++;
                            continue;
                        }
                        store.delete(object.key());
                        deleted++;
                    } catch (RuntimeException e) {
                        failures++;
                        LOG.log(Level.WARNING, "could not check or delete orphan " + object.key(), e);
                    }
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.log(Level.WARNING, "could not list repository " + repository + "; the next sweep tries again", e);
            }
        }
        return new Report(expired, completed, deleted, kept, failures, aborted, purged);
    }

    private enum Closed { COMPLETED, EXPIRED, UNCHANGED }

    /**
     * An upload that landed in time is completed rather than thrown away; otherwise the ticket is
     * expired and whatever lies at its key is deleted, unless by then the ticket was completed
     * (a concurrent completion won) or a version names the object.
     */
    private Closed closeExpired(UploadTicket ticket, Instant now) {
        try {
            if (landed.complete(ticket).version().isPresent()) {
                return Closed.COMPLETED;
            }
        } catch (DocumentException.ContentRejected | DocumentException.NotFound e) {
            LOG.info(() -> "expired upload " + ticket.id() + " not completed: " + e.getMessage());
        }
        Closed result = Closed.UNCHANGED;
        UploadTicket current = tickets.find(ticket.tenant(), ticket.id()).orElse(ticket);
        if (current.state() == UploadTicket.State.ISSUED) {
            current.expire(now);
            tickets.save(current);
            result = Closed.EXPIRED;
        }
        StorageKey key = new StorageKey(ticket.repositoryId(), ticket.key());
        UploadTicket latest = tickets.find(ticket.tenant(), ticket.id()).orElse(current);
        if (latest.state() != UploadTicket.State.COMPLETED && !documents.references(key)) {
            store.delete(key);
        }
        return result;
    }
}
