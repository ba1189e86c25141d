package io.dossier.application.service;

import io.dossier.application.port.in.PublicTokenUseCase.IssuedToken;
import io.dossier.application.port.out.IdSource;
import io.dossier.domain.Document;
import io.dossier.domain.PublicToken;

import java.time.Clock;
import java.time.Duration;

/**
 * Issues a public token on a document the caller has loaded and checked. Shared by
 * the token use case and the upload use case (a public document's upload comes with a token).
 */
final class PublicTokenIssuer {
    private final DocumentChanges changes;
    private final Clock clock;
    private final IdSource ids;

    PublicTokenIssuer(DocumentChanges changes, Clock clock, IdSource ids) {
        this.changes = changes;
        this.clock = clock;
        this.ids = ids;
    }

    IssuedToken issue(io.dossier.domain.Author actor, Document loaded, Duration lifetime) {
        String tokenId = ids.newTokenId();
        PublicToken token = changes.change(actor, loaded,
                document -> document.issuePublicToken(tokenId, clock.instant(), lifetime)).result();
        return new IssuedToken(loaded.tenant(), loaded.id(), token);
    }
}
