package io.dossier.application.service;

import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Patients;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.TextExtractor;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The services over one set of ports, wired once, in one direction: the shared collaborators
 * (changes, landed uploads, token issuing) first, then the services that use them. No service
 * calls another, so there is no cycle to break.
 */
public record Services(DocumentService documents, UploadService uploads, PatientService patients,
                       RenditionService renditions, SearchService search, IntegrityService integrity,
                       TenantTransferService transfer, RecordsService records, AuditService audit,
                       IdempotencyService idempotency, ResumableUploadService resumable) {

    /** Where resumable uploads are kept, and how long one may take before it expires. */
    public record Resuming(io.dossier.application.port.out.ResumableUploads uploads, Duration lifetime) {
        public static final Resuming NONE = new Resuming(io.dossier.application.port.out.ResumableUploads.NONE,
                Duration.ofDays(1));

        public Resuming {
            java.util.Objects.requireNonNull(uploads, "uploads");
            if (lifetime == null || lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("resumable uploads must live at least a minute");
            }
        }
    }

    /** The settings of the upload and token use cases. */
    public record Lifetimes(Duration upload, Duration sweepGrace, Duration publicToken) {
    }

    /** How records are kept: how long deleted documents stay in the trash, and the retention policies. */
    public record Keeping(Duration trashPeriod, java.util.List<io.dossier.domain.RetentionPolicy> policies,
                          io.dossier.application.port.out.AuditTrail audit,
                          io.dossier.application.port.out.IdempotencyKeys idempotencyKeys) {
        public static final Keeping DEFAULT = new Keeping(Duration.ofDays(30), java.util.List.of(),
                io.dossier.application.port.out.AuditTrail.NONE, io.dossier.application.port.out.IdempotencyKeys.NONE);

        public Keeping {
            if (trashPeriod == null || trashPeriod.isNegative()) {
                throw new IllegalArgumentException("the trash period must not be negative");
            }
            policies = java.util.List.copyOf(policies);
        }
    }

    /**
     * Where renditions are kept and what makes them (none: the core makes no renditions), and the
     * search fed with documents and texts.
     */
    public record Renditioning(Renditions renditions, Optional<TextExtractor> extractor, DocumentSearch search) {
        public static final Renditioning NONE = new Renditioning(Renditions.NONE, Optional.empty(),
                DocumentSearch.NONE);
    }

    public static Services assemble(Documents documents, ContentStore store, UploadTickets tickets,
                                    Transactions transactions, Patients patients, Clock clock,
                                    IdSource ids, Lifetimes lifetimes, Renditioning renditioning) {
        return assemble(documents, store, tickets, transactions, patients, clock, ids, lifetimes, renditioning,
                Keeping.DEFAULT, Resuming.NONE);
    }

    public static Services assemble(Documents documents, ContentStore store, UploadTickets tickets,
                                    Transactions transactions, Patients patients, Clock clock,
                                    IdSource ids, Lifetimes lifetimes, Renditioning renditioning, Keeping keeping,
                                    Resuming resuming) {
        RenditionWork signal = new RenditionWork();
        DocumentChanges changes = new DocumentChanges(documents, store, ids, transactions,
                renditioning.renditions(), signal, renditioning.search(), keeping.policies(), keeping.audit(), clock);
        AuditLog auditLog = new AuditLog(keeping.audit(), transactions);
        Purging purging = new Purging(documents, store, keeping.trashPeriod(), auditLog);
        LandedUploads landed = new LandedUploads(documents, store, tickets, transactions, clock, ids, changes);
        PublicTokenIssuer tokens = new PublicTokenIssuer(changes, clock, ids);
        DocumentService documentService = new DocumentService(documents, store, clock, ids, changes, landed,
                tokens, auditLog);
        UploadIssuer issuer = new UploadIssuer(documents, tickets, transactions, clock, ids, changes, landed);
        UploadService uploadService = new UploadService(documents, store, tickets, clock,
                lifetimes.upload(), lifetimes.sweepGrace(), lifetimes.publicToken(), landed, tokens,
                renditioning.renditions(), purging, issuer, resuming.uploads());
        ResumableUploadService resumable = new ResumableUploadService(documents, store, tickets, resuming.uploads(),
                issuer, landed, clock, ids, resuming.lifetime());
        RenditionService renditionService = new RenditionService(documents, store, renditioning.renditions(),
                renditioning.extractor(), changes, clock, ids, RenditionService.Settings.DEFAULT, signal,
                renditioning.search(), transactions);
        return new Services(documentService, uploadService, new PatientService(patients, documentService),
                renditionService, new SearchService(renditioning.search(), documents),
                new IntegrityService(documents, store, auditLog, clock, changes),
                new TenantTransferService(documents, store, patients, changes),
                new RecordsService(documents, changes, purging, clock),
                new AuditService(keeping.audit(), auditLog, clock),
                new IdempotencyService(keeping.idempotencyKeys(), clock), resumable);
    }
}
