package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Visibility;

import java.util.Optional;

/**
 * Changes name, description, properties or visibility. Once a document has content, a metadata
 * change makes a new version with the same content; visibility alone makes none. Turning a
 * document private revokes its public tokens.
 */
public interface UpdateMetadataUseCase {

    Document updateMetadata(Command command);

    record Command(Principal principal, DocumentId documentId, MetadataChange metadata,
                   Optional<Visibility> visibility, Expectation expectation) {
        public Command {
            if (principal == null || documentId == null || metadata == null || visibility == null) {
                throw new DocumentException.InvalidInput("principal, document id and metadata are required");
            }
            expectation = expectation == null ? Expectation.NONE : expectation;
        }
    }
}
