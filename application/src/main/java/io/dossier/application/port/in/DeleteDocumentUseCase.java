package io.dossier.application.port.in;

import io.dossier.domain.DocumentId;

/** Deletes a document with all its versions; its stored objects go with it. */
public interface DeleteDocumentUseCase {

    void delete(Principal principal, DocumentId id);
}
