package io.dossier.application.port.in;

import io.dossier.domain.DocumentId;

/**
 * Deletes a document into the trash (see {@link KeepRecordsUseCase}): from then on it is not
 * found, and after the trash period the sweeper purges it with its versions and objects. Refused
 * (Conflict) while a retention or legal hold lasts.
 */
public interface DeleteDocumentUseCase {

    void delete(Principal principal, DocumentId id);
}
