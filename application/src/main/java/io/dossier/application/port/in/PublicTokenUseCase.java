package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.PublicToken;

import java.time.Duration;

/**
 * Public tokens: issue one for a public document, revoke it, and resolve a presented token to
 * the document's current content (the only thing a token grants).
 */
public interface PublicTokenUseCase {

    IssuedToken issue(IssueCommand command);

    void revoke(Principal principal, DocumentId documentId, String tokenId);

    /** @throws DocumentException.NotFound for any token that does not grant access now */
    VersionContent resolve(String token);

    record IssueCommand(Principal principal, DocumentId documentId, Duration lifetime) {
        public IssueCommand {
            if (principal == null || documentId == null || lifetime == null) {
                throw new DocumentException.InvalidInput("principal, document id and lifetime are required");
            }
        }
    }

    /** The token as recorded, and the signed string that carries it. */
    record IssuedToken(PublicToken token, String signed) {
    }
}
