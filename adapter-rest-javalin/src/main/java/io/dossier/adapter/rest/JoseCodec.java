package io.dossier.adapter.rest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;

/**
 * The one JWT codec of the service: compact JWS with HS256 and one key, used for API bearer
 * tokens (verified) and public tokens (signed and verified). It answers whether a token is
 * well-formed and signed with this key; what its claims must say is its caller's business.
 * Only HS256 is accepted, whatever the key could also do: the header's alg is checked before the
 * signature, so neither "none" nor a stronger HMAC nor an RSA confusion gets through.
 */
final class JoseCodec {
    private final MACSigner signer;
    private final MACVerifier verifier;

    JoseCodec(byte[] secret, String what) {
        if (secret.length < 32) {
            throw new IllegalArgumentException(what + " needs at least 32 bytes");
        }
        try {
            this.signer = new MACSigner(secret.clone());
            this.verifier = new MACVerifier(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException(what + " cannot key HS256: " + e.getMessage(), e);
        }
    }

    String sign(JOSEObjectType type, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(type).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    /** The header and claims of a token signed with this key, or why it is refused. */
    Verified verify(String token, int maxLength) throws Refused {
        return verify(parse(token, maxLength));
    }

    /** A compact JWS of at most {@code maxLength} characters, signature not checked yet. */
    static SignedJWT parse(String token, int maxLength) throws Refused {
        if (token == null || token.isEmpty()) {
            throw new Refused("is empty");
        }
        if (token.length() > maxLength) {
            throw new Refused("is too long");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Refused("is not a JWT");
        }
    }

    Verified verify(SignedJWT jwt) throws Refused {
        JOSEObjectType type = jwt.getHeader().getType();
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Refused("must be signed with HS256", type);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new Refused("has a signature that is not valid", type);
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new Refused("has a signature that is not valid", type);
        }
        try {
            return new Verified(jwt.getHeader(), jwt.getJWTClaimsSet());
        } catch (ParseException e) {
            throw new Refused("has claims that are not valid: " + e.getMessage(), type);
        }
    }

    record Verified(JWSHeader header, JWTClaimsSet claims) {
        boolean typed(JOSEObjectType type) {
            return type.equals(header.getType());
        }
    }

    /**
     * A token this codec does not accept; the reason completes "the token …". The type its
     * header claims, when it got that far, lets a caller say what kind of token it was shown.
     */
    static final class Refused extends Exception {
        private final transient JOSEObjectType claimedType;

        Refused(String reason) {
            this(reason, null);
        }

        Refused(String reason, JOSEObjectType claimedType) {
            super(reason, null, false, false);
            this.claimedType = claimedType;
        }

        boolean claimed(JOSEObjectType type) {
            return type.equals(claimedType);
        }
    }
}
