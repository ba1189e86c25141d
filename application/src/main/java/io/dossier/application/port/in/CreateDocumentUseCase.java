package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Visibility;

import java.util.Optional;

/** Creates a document, with its first content or without (then it has no version yet). */
public interface CreateDocumentUseCase {

    Document create(Command command);

    record Command(Principal principal, Filing filing, Metadata metadata, Visibility visibility,
                   Optional<NewContent> content) {
        public Command {
            if (principal == null || filing == null || metadata == null || visibility == null || content == null) {
                throw new DocumentException.InvalidInput("principal, filing, metadata, visibility are required");
            }
        }
    }
}
