package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.VersionNumber;

import io.dossier.domain.Document;
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
     * As {@link #renditions(Principal, DocumentId)}, for a document the caller has just read
     * through another use case as this principal: it is not loaded again.
     */
    List<Rendition> renditions(Principal principal, Document read);

    /**
     * The rendition of a version once it is no longer pending, waiting at most {@code patience}
     * (then it is answered as it is, still pending). A core without a text extractor answers at
     * once: it would wait for nothing.
     */
    Optional<Rendition> await(Principal principal, DocumentId documentId, VersionNumber version, Duration patience);

    /**
     * The text of a done rendition, ready to be opened: the version it belongs to, with the
     * text as its content (text/plain; charset=utf-8, content.txt).
     *
     * @throws DocumentException.NotFound when the version has no text (yet, or at all)
     */
    VersionContent text(Principal principal, DocumentId documentId, VersionNumber version);
}
