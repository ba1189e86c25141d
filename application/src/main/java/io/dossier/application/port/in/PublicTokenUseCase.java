package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.PublicToken;
import io.dossier.domain.TenantId;

import java.time.Duration;

/**
 * Public tokens: issue one for a public document, revoke it, and resolve a presented token to
 * the document's current content (the only thing a token grants). The core records tokens and
 * decides whether one grants access; how a client carries one (a signed string, say) is the
 * business of the adapter that hands it out, which also checks that string before presenting it.
 */
public interface PublicTokenUseCase {

    IssuedToken issue(IssueCommand command);

    void revoke(Principal principal, DocumentId documentId, String tokenId);

    /** @throws DocumentException.NotFound for any token that does not grant access now */
    VersionContent resolve(Presented token);

    record IssueCommand(Principal principal, DocumentId documentId, Duration lifetime) {
        public IssueCommand {
            if (principal == null || documentId == null || lifetime == null) {
                throw new DocumentException.InvalidInput("principal, document id and lifetime are required");
            }
        }
    }

    /** The token as recorded, with the document it belongs to. */
    record IssuedToken(TenantId tenant, DocumentId documentId, PublicToken token) {
        public Presented presented() {
            return new Presented(tenant, documentId, token.id());
        }
    }

    /** A token as a client presents it, once its carrier has been checked. */
    record Presented(TenantId tenant, DocumentId documentId, String tokenId) {
        public Presented {
            if (tenant == null || documentId == null || tokenId == null || tokenId.isBlank()) {
                throw new DocumentException.InvalidInput("tenant, document id and token id are required");
            }
        }
    }
}
