package io.dossier.adapter.rest;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.dossier.application.port.in.PublicTokenUseCase.IssuedToken;
import io.dossier.application.port.in.PublicTokenUseCase.Presented;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Carries public tokens as HS256 JWTs, made by the same codec that checks bearer tokens. They
 * have a {@code typ} and an {@code aud} that API tokens never have, so neither kind is accepted
 * in place of the other; they outlive restarts as long as the key stays. The core decides
 * whether a token still grants access (revoked, expired, document private or gone).
 */
final class PublicTokenCodec {
    static final JOSEObjectType TYPE = new JOSEObjectType("dossier-public+jwt");
    static final String AUDIENCE = "dossier-public";
    private static final int MAX_LENGTH = 2048;

    private final JoseCodec codec;

    PublicTokenCodec(byte[] secret) {
        this.codec = new JoseCodec(secret, "the public-token secret");
    }

    String encode(IssuedToken issued) {
        return codec.sign(TYPE, new JWTClaimsSet.Builder()
                .jwtID(issued.token().id())
                .claim("tnt", issued.tenant().value())
                .claim("doc", issued.documentId().toString())
                .audience(AUDIENCE)
                .issueTime(Date.from(issued.token().issuedAt()))
                .expirationTime(Date.from(issued.token().expiresAt()))
                .build());
    }

    /** The token a well-signed, unexpired string carries; empty for anything else. */
    Optional<Presented> decode(String token, Instant now) {
        try {
            JoseCodec.Verified verified = codec.verify(token, MAX_LENGTH);
            JWTClaimsSet claims = verified.claims();
            if (!verified.typed(TYPE) || !claims.getAudience().equals(List.of(AUDIENCE))
                    || claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return Optional.empty();
            }
            return Optional.of(new Presented(new TenantId(claims.getStringClaim("tnt")),
                    DocumentId.parse(claims.getStringClaim("doc")), claims.getJWTID()));
        } catch (JoseCodec.Refused | ParseException | DocumentException | IllegalArgumentException
                 | NullPointerException e) {
            return Optional.empty();
        }
    }
}
