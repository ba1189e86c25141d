package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One immutable state of a document: its content and metadata as of then, when and by whom.
 *
 * @param basedOn the version that was current when the change was asked for (absent for the
 *                first version); differs from {@code number - 1} when a change based on an older
 *                version was still applied on top of newer ones
 * @param restoredFrom for a restore, the version whose content was taken
 */
public record Version(VersionNumber number, ContentRef content, Metadata metadata, Instant createdAt, Author author,
                      Optional<VersionNumber> basedOn, Optional<VersionNumber> restoredFrom) {
    public Version {
        Checks.present(number, "version number");
        Checks.present(content, "content");
        Checks.present(metadata, "metadata");
        Checks.present(createdAt, "creation date");
        Checks.present(author, "author");
        basedOn = basedOn == null ? Optional.empty() : basedOn;
        restoredFrom = restoredFrom == null ? Optional.empty() : restoredFrom;
    }
}
