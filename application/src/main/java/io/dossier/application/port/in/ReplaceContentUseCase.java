package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Document;

/**
 * New content (and optionally new metadata) for a document: makes the next version. Resistant
 * tags move to it, all other tags are dropped.
 */
public interface ReplaceContentUseCase {

    /** @return the document as saved, its new version being its current one */
    Document replaceContent(Command command);

    record Command(Principal principal, DocumentId documentId, NewContent content, MetadataChange metadata,
                   Expectation expectation) {
        public Command {
            if (principal == null || documentId == null || content == null) {
                throw new DocumentException.InvalidInput("principal, document id and content are required");
            }
            metadata = metadata == null ? MetadataChange.NONE : metadata;
            expectation = expectation == null ? Expectation.NONE : expectation;
        }

        public Command(Principal principal, DocumentId documentId, NewContent content) {
            this(principal, documentId, content, MetadataChange.NONE, Expectation.NONE);
        }
    }
}
