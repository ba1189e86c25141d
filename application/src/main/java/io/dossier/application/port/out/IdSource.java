package io.dossier.application.port.out;

import io.dossier.domain.DocumentId;

/** Where new identities come from, so that tests can make them predictable. */
public interface IdSource {

    DocumentId newDocumentId();

    /** A new content stream id; also the last part of a storage key. */
    String newContentStreamId();

    String newTokenId();

    String newUploadId();
}
