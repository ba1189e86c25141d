package io.dossier.application.port.in;

import io.dossier.domain.DocumentId;
import io.dossier.domain.VersionNumber;

import java.util.Optional;

/** The content of a version (the current one when none is named). */
public interface OpenContentUseCase {

    /**
     * @throws io.dossier.domain.DocumentException.NotFound when the document, the version or
     *         any content does not exist
     */
    VersionContent open(Principal principal, DocumentId id, Optional<VersionNumber> version);

    /** Reads the stored bytes again and compares their SHA-256 with the recorded one. */
    boolean verifyDigest(Principal principal, DocumentId id, Optional<VersionNumber> version);
}
