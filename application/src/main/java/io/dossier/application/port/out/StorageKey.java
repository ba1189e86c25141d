package io.dossier.application.port.out;

import io.dossier.domain.ContentRef;
import io.dossier.domain.DocumentException;

/** Where one object lives: a repository (bucket) and a key in it. */
public record StorageKey(String repositoryId, String key) {
    public StorageKey {
        if (repositoryId == null || repositoryId.isBlank() || key == null || key.isBlank()) {
            throw new DocumentException.InvalidInput("repository id and key are required");
        }
    }

    public static StorageKey of(ContentRef content) {
        return new StorageKey(content.repositoryId(), content.key());
    }
}
