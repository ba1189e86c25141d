package io.dossier.application.port.out;

import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.Optional;

/** Makes and checks the signed strings that carry public tokens. */
public interface TokenSigner {

    String sign(PublicTokenClaims claims);

    /** The claims of a well-signed, unexpired public token; empty for anything else. */
    Optional<PublicTokenClaims> verify(String token, Instant now);

    record PublicTokenClaims(String tokenId, TenantId tenant, DocumentId documentId, Instant issuedAt,
                             Instant expiresAt) {
    }
}
