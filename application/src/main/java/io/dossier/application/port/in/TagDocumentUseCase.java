package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Tag;

import java.util.List;

/** Sets and removes tags. Tags change without making a version. */
public interface TagDocumentUseCase {

    Tag tag(Command command);

    /**
     * @return the document as saved, without the tag
     * @throws DocumentException.NotFound when the document has no such tag
     */
    Document untag(Principal principal, DocumentId id, String tagName);

    List<Tag> tags(Principal principal, DocumentId id);

    /** Whether setting a tag may create it, change an existing one, or both. */
    enum Overwrite {
        /** Create the tag or change its state. */
        ANY,
        /** Only a tag the document does not have yet (else a conflict). */
        ONLY_NEW,
        /** Only a tag the document has (else not found). */
        ONLY_EXISTING;

        /** Checked on the document as loaded for the change, so that a concurrent change is seen. */
        public void check(Document document, String name) {
            boolean exists = document.tag(name).isPresent();
            if (this == ONLY_NEW && exists) {
                throw new DocumentException.Conflict("document " + document.id() + " has a tag " + name
                        + " already; set overwrite to change its state");
            }
            if (this == ONLY_EXISTING && !exists) {
                throw new DocumentException.NotFound("document " + document.id() + " has no tag " + name
                        + " to overwrite");
            }
        }
    }

    record Command(Principal principal, DocumentId documentId, String name, int state, String traceId,
                   Overwrite overwrite) {
        public Command {
            if (principal == null || documentId == null) {
                throw new DocumentException.InvalidInput("principal and document id are required");
            }
            name = Tag.checkName(name);
            traceId = traceId == null ? "" : traceId;
            overwrite = overwrite == null ? Overwrite.ANY : overwrite;
        }

        public Command(Principal principal, DocumentId documentId, String name, int state, String traceId) {
            this(principal, documentId, name, state, traceId, Overwrite.ANY);
        }
    }
}
