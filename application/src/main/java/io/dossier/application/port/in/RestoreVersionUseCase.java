package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

/** Makes a new version holding the content of an old one. */
public interface RestoreVersionUseCase {

    Version restoreVersion(Command command);

    record Command(Principal principal, DocumentId documentId, VersionNumber version) {
        public Command {
            if (principal == null || documentId == null || version == null) {
                throw new DocumentException.InvalidInput("principal, document id and version are required");
            }
        }
    }
}
