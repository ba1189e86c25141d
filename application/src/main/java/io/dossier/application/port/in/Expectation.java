package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

import java.util.Locale;
import java.util.Optional;

/**
 * What the caller believes is current (from an ETag or a version number it saw). A change made
 * under a stale expectation is refused with {@link DocumentException.PreconditionFailed}.
 *
 * @param revision the document's revision the caller saw: any saved change since (metadata,
 *                 content, tags, visibility) makes it stale, which a content digest cannot tell
 */
public record Expectation(Optional<VersionNumber> version, Optional<String> sha256, Optional<Long> revision) {
    public static final Expectation NONE = new Expectation(Optional.empty(), Optional.empty());

    public Expectation {
        version = version == null ? Optional.empty() : version;
        sha256 = sha256 == null ? Optional.empty() : sha256.map(s -> s.toLowerCase(Locale.ROOT));
        revision = revision == null ? Optional.empty() : revision;
    }

    public Expectation(Optional<VersionNumber> version, Optional<String> sha256) {
        this(version, sha256, Optional.empty());
    }

    public static Expectation currentRevision(long revision) {
        return new Expectation(Optional.empty(), Optional.empty(), Optional.of(revision));
    }

    public static Expectation currentVersion(VersionNumber number) {
        return new Expectation(Optional.of(number), Optional.empty());
    }

    public static Expectation currentDigest(String sha256) {
        return new Expectation(Optional.empty(), Optional.of(sha256));
    }

    public boolean isEmpty() {
        return version.isEmpty() && sha256.isEmpty() && revision.isEmpty();
    }

    public void check(Document document) {
        Optional<Version> current = document.currentVersion();
        version.ifPresent(expected -> {
            if (current.isEmpty() || !current.get().number().equals(expected)) {
                throw new DocumentException.PreconditionFailed("version " + expected + " is no longer current");
            }
        });
        sha256.ifPresent(expected -> {
            if (current.isEmpty() || !current.get().content().sha256().equals(expected)) {
                throw new DocumentException.PreconditionFailed("the current content is not " + expected);
            }
        });
        revision.ifPresent(expected -> {
            if (document.revision() != expected) {
                throw new DocumentException.PreconditionFailed("the document was changed since revision " + expected);
            }
        });
    }

    /** Whether {@link #check} would pass for this document now. */
    public boolean holdsFor(Document document) {
        try {
            check(document);
            return true;
        } catch (DocumentException.PreconditionFailed stale) {
            return false;
        }
    }
}
