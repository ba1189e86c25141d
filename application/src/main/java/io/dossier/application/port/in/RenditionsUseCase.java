package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.VersionNumber;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The text renditions of versions, for whoever may read the document. A core without a
 * renditions store has none: every lookup is empty.
 */
public interface RenditionsUseCase {

    /**
     * The rendition of a version.
     *
     * @throws DocumentException.NotFound when the document or the version does not exist
     */
    Optional<Rendition> rendition(Principal principal, DocumentId documentId, VersionNumber version);

    /** The renditions of every version of the document, oldest version first. */
    List<Rendition> renditions(Principal principal, DocumentId documentId);

    /**
     * The rendition of a version once it is no longer pending, waiting at most {@code patience}
     * (then it is answered as it is, still pending).
     */
    Optional<Rendition> await(Principal principal, DocumentId documentId, VersionNumber version, Duration patience);

    /**
     * Opens the text of a done rendition. The caller closes the stream.
     *
     * @throws DocumentException.NotFound when the version has no text (yet, or at all)
     */
    Text openText(Principal principal, DocumentId documentId, VersionNumber version);

    /** A text ready to be sent: the rendition that describes it and the stream of its bytes. */
    record Text(Rendition rendition, InputStream stream) {
    }
}
