package io.dossier.application.port.in;

import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;

import java.util.List;
import java.util.Optional;

/**
 * Turns a landed upload into a version, after checking the stored object (it exists, is within
 * the limit, its SHA-256 is computed here, its bytes match the declared type). Every path is
 * idempotent: one ticket makes at most one version, however often it is completed.
 */
public interface CompleteUploadUseCase {

    /**
     * @throws io.dossier.domain.DocumentException.ContentRejected when the object fails a check;
     *         the ticket is failed and the object deleted
     * @throws io.dossier.domain.DocumentException.Conflict when nothing has landed yet, or the
     *         ticket expired unused
     */
    Completion complete(Principal principal, String uploadId);

    /**
     * The ticket as it is now (no completion is attempted).
     *
     * @throws io.dossier.domain.DocumentException.NotFound for an unknown upload or another tenant's
     */
    UploadTicket upload(Principal principal, String uploadId);

    /**
     * The upload issued last for a document, whatever became of it (so that a refused upload
     * leaves a trace a client can see); empty when none was issued.
     *
     * @throws io.dossier.domain.DocumentException.NotFound for an unknown document or another tenant's
     */
    Optional<UploadTicket> lastUpload(Principal principal, DocumentId documentId);

    /** For storage events, which name only the object; empty when no ticket names it. */
    Optional<Completion> completeStored(StorageKey key);

    /** Completes every landed upload of a document; reads call this first. */
    List<Completion> completeLanded(TenantId tenant, DocumentId documentId);

    /** What became of a ticket: the version it made, or why it failed. */
    record Completion(UploadTicket ticket, Optional<Version> version) {
    }
}
