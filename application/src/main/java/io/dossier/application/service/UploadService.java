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
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.ResumableUploads;
import io.dossier.domain.ResumableUpload;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Visibility;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Clock clock;
    private final Duration uploadLifetime;
    private final Duration sweepGrace;
    private final Duration publicTokenLifetime;
    private final LandedUploads landed;
    private final PublicTokenIssuer publicTokens;
    private final UploadIssuer issuer;
    private final ResumableUploads resumable;

    UploadService(Documents documents, ContentStore store, UploadTickets tickets,
                  Clock clock, Duration uploadLifetime, Duration sweepGrace,
                  Duration publicTokenLifetime, LandedUploads landed,
                  PublicTokenIssuer publicTokens, Renditions renditions, Purging purging, UploadIssuer issuer,
                  ResumableUploads resumable) {
        if (uploadLifetime.isNegative() || uploadLifetime.isZero()) {
            throw new IllegalArgumentException("upload lifetime must be positive");
        }
        if (sweepGrace.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("sweep grace must be at least one second");
        }
        this.renditions = renditions;
        this.purging = purging;
        this.issuer = issuer;
        this.resumable = resumable;
        this.documents = documents;
        this.store = store;
        this.tickets = tickets;
        this.clock = clock;
        this.uploadLifetime = uploadLifetime;
        this.sweepGrace = sweepGrace;
        this.publicTokenLifetime = publicTokenLifetime;
        this.landed = landed;
        this.publicTokens = publicTokens;
    }

    // ---- issue ---------------------------------------------------------------------------

    @Override
    public IssuedUpload issueUpload(IssueUploadUseCase.Command command) {
        UploadIssuer.Prepared prepared = issuer.prepare(command, uploadLifetime);
        Document document = issuer.save(prepared);
        UploadTicket ticket = prepared.ticket();
        UploadForm form = store.presignUpload(prepared.key(), command.mediaType(), command.maxBytes(),
                ticket.expiresAt());
        Optional<PublicTokenUseCase.IssuedToken> token = document.visibility() == Visibility.PUBLIC
                ? Optional.of(publicTokens.issue(command.principal().author(), document, publicTokenLifetime))
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
            } catch (DocumentException.ContentRejected | DocumentException.Conflict notNow) {
                // Refused, or posted again while it was read (that post sends an event of its own).
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
        int aborted = 0;
        for (ResumableUpload upload : resumable.expired(now, EXPIRY_BATCH)) {
            try {
                aborted += closeExpired(upload, now);
            } catch (RuntimeException e) {
                failures++;
                LOG.log(Level.WARNING, "expired resumable upload " + upload.id() + " could not be closed; the next "
                        + "sweep tries again", e);
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
        Instant cutoff = now.minus(sweepGrace);
        for (String repository : store.repositories()) {
            try {
                // Those of resumable uploads still receiving are spared: they may outlive the grace period.
                aborted += store.abortUnfinishedUploads(repository, cutoff, resumable::holdsStoreUpload);
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
                                || tickets.holdsLiveTicket(object.key(), now)
                                || resumable.references(object.key())) {
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

    /**
     * An unfinished resumable upload whose time is up: its multipart upload in the store is
     * aborted and its tail deleted (its ticket expires in the same sweep).
     *
     * @return the multipart uploads aborted
     */
    private int closeExpired(ResumableUpload upload, Instant now) {
        UploadTicket ticket = tickets.find(upload.tenant(), upload.id()).orElse(null);
        if (ticket != null) {
            store.abortMultipart(ticket.storageKey(), upload.storeUploadId());
            upload.tails().forEach(tail -> store.delete(new StorageKey(ticket.repositoryId(), tail.key())));
        }
        upload.expire(now);
        resumable.save(upload);
        return ticket == null ? 0 : 1;
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
