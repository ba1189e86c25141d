package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;

import java.util.List;

/** Reads documents of the principal's tenant. Unknown or foreign documents are not found. */
public interface GetDocumentUseCase {

    /** The document as stored: a read that writes nothing and needs nothing but the database. */
    Document get(Principal principal, DocumentId id);

    /**
     * The document with every upload that has landed in the store made a version first, for
     * answers that show its content (the seed APIs' object and file-entry reads). A store that
     * does not answer leaves such uploads for a later read.
     */
    Document getWithLandedUploads(Principal principal, DocumentId id);

    Document getByNumber(Principal principal, long number);

    /** A page of the tenant's documents, oldest first. */
    List<Document> list(Principal principal, int offset, int limit);

    long count(Principal principal);
}
