package io.dossier.domain;

/** Where one object lives: a repository (bucket) and a key in it. */
public record StorageKey(String repositoryId, String key) {
    public StorageKey {
        if (repositoryId == null || repositoryId.isBlank() || key == null || key.isBlank()) {
            throw new DocumentException.InvalidInput("repository id and key are required");
        }
    }
}
