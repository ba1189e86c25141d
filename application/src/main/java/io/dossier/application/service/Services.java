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
                       TenantTransferService transfer) {

    /** The settings of the upload and token use cases. */
    public record Lifetimes(Duration upload, Duration sweepGrace, Duration publicToken) {
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
        RenditionWork signal = new RenditionWork();
        DocumentChanges changes = new DocumentChanges(documents, store, ids, transactions,
                renditioning.renditions(), signal, renditioning.search());
        LandedUploads landed = new LandedUploads(documents, store, tickets, transactions, clock, ids, changes);
        PublicTokenIssuer tokens = new PublicTokenIssuer(changes, clock, ids);
        DocumentService documentService = new DocumentService(documents, store, clock, ids, changes, landed,
                tokens);
        UploadService uploadService = new UploadService(documents, store, tickets, transactions, clock, ids,
                lifetimes.upload(), lifetimes.sweepGrace(), lifetimes.publicToken(), changes, landed, tokens, renditioning.renditions());
        RenditionService renditionService = new RenditionService(documents, store, renditioning.renditions(),
                renditioning.extractor(), changes, clock, ids, RenditionService.Settings.DEFAULT, signal,
                renditioning.search(), transactions);
        return new Services(documentService, uploadService, new PatientService(patients, documentService),
                renditionService, new SearchService(renditioning.search(), documents),
                new IntegrityService(documents, store), new TenantTransferService(documents, store, patients, changes));
    }
}
