package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Tag;

import java.util.List;

/** Sets and removes tags. Tags change without making a version. */
public interface TagDocumentUseCase {

    Tag tag(Command command);

    /** @throws DocumentException.NotFound when the document has no such tag */
    void untag(Principal principal, DocumentId id, String tagName);

    List<Tag> tags(Principal principal, DocumentId id);

    record Command(Principal principal, DocumentId documentId, String name, int state, String traceId) {
        public Command {
            if (principal == null || documentId == null) {
                throw new DocumentException.InvalidInput("principal and document id are required");
            }
            Tag.checkName(name);
            traceId = traceId == null ? "" : traceId;
        }
    }
}
