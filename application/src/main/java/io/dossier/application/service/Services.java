package io.dossier.application.service;

import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Patients;
import io.dossier.application.port.out.TokenSigner;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;

import java.time.Clock;
import java.time.Duration;

/**
 * The services over one set of ports, wired once, in one direction: the shared collaborators
 * (changes, landed uploads, token issuing) first, then the services that use them. No service
 * calls another, so there is no cycle to break.
 */
public record Services(DocumentService documents, UploadService uploads, PatientService patients) {

    /** The settings of the upload and token use cases. */
    public record Lifetimes(Duration upload, Duration sweepGrace, Duration publicToken) {
    }

    public static Services assemble(Documents documents, ContentStore store, UploadTickets tickets,
                                    Transactions transactions, Patients patients, TokenSigner signer, Clock clock,
                                    IdSource ids, Lifetimes lifetimes) {
        DocumentChanges changes = new DocumentChanges(documents, store, ids);
        LandedUploads landed = new LandedUploads(documents, store, tickets, transactions, clock, ids, changes);
        PublicTokenIssuer tokens = new PublicTokenIssuer(signer, changes, clock, ids);
        DocumentService documentService = new DocumentService(documents, store, signer, clock, ids, changes, landed,
                tokens);
        UploadService uploadService = new UploadService(documents, store, tickets, transactions, clock, ids,
                lifetimes.upload(), lifetimes.sweepGrace(), lifetimes.publicToken(), changes, landed, tokens);
        return new Services(documentService, uploadService, new PatientService(patients, documentService));
    }
}
