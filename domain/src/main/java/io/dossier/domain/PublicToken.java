package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/** A grant to read a public document's current content, until it expires or is revoked. */
public record PublicToken(String id, Instant issuedAt, Instant expiresAt, Optional<Instant> revokedAt) {
    public PublicToken {
        Checks.text(id, "token id", 64);
        Checks.present(issuedAt, "issue date");
        Checks.present(expiresAt, "expiry");
        revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
        if (!expiresAt.isAfter(issuedAt)) {
            throw new DocumentException.InvalidInput("a token must expire after it is issued");
        }
    }

    public boolean isValidAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }

    PublicToken revoked(Instant now) {
        return revokedAt.isPresent() ? this : new PublicToken(id, issuedAt, expiresAt, Optional.of(now));
    }
}
