package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;

import java.util.List;

/** Reads documents of the principal's tenant. Unknown or foreign documents are not found. */
public interface GetDocumentUseCase {

    Document get(Principal principal, DocumentId id);

    Document getByNumber(Principal principal, long number);

    /** A page of the tenant's documents, oldest first. */
    List<Document> list(Principal principal, int offset, int limit);

    long count(Principal principal);
}
