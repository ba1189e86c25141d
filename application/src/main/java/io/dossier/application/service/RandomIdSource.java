package io.dossier.application.service;

import io.dossier.application.port.out.IdSource;
import io.dossier.domain.DocumentId;

import java.util.Locale;
import java.util.UUID;

/** Random (version 4) UUIDs for everything; content stream ids upper-case, as enaio shows them. */
public final class RandomIdSource implements IdSource {
    @Override
    public DocumentId newDocumentId() {
        return new DocumentId(UUID.randomUUID());
    }

    @Override
    public String newContentStreamId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public String newTokenId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String newUploadId() {
        return UUID.randomUUID().toString();
    }
}
