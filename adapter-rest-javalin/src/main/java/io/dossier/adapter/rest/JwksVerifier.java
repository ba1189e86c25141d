package io.dossier.adapter.rest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import io.dossier.domain.DocumentException;

import java.net.MalformedURLException;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Bearer JWTs of an identity provider: signed with RS256 or ES256 by a key of its JWKS. The set
 * is fetched when first needed and kept for five minutes; a token whose {@code kid} the kept set
 * lacks makes it fetch the set again at once (a rotated key), but not more often than every
 * {@code minRefetch} milliseconds, so that made-up key ids cannot make the service hammer the
 * provider. A provider that does not answer is an outage (503), not a bad token.
 */
final class JwksVerifier {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final long KEEP_MILLIS = 5 * 60_000L;
    private static final long FETCH_TIMEOUT_MILLIS = 15_000L;

    private final JWSVerificationKeySelector<SecurityContext> keys;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    JwksVerifier(URI jwks, long minRefetch) {
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.<SecurityContext>create(jwks.toURL())
                    .cache(KEEP_MILLIS, FETCH_TIMEOUT_MILLIS)
                    .rateLimited(minRefetch)
                    .retrying(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL is not a URL: " + jwks, e);
        }
        this.keys = new JWSVerificationKeySelector<>(ALGORITHMS, source);
    }

    /** The claims of a token signed by one of the provider's keys, or why it is refused. */
    JoseCodec.Verified verify(SignedJWT jwt) throws JoseCodec.Refused {
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new JoseCodec.Refused("must be signed with RS256 or ES256", jwt.getHeader().getType());
        }
        List<Key> candidates;
        try {
            candidates = keys.selectJWSKeys(jwt.getHeader(), null);
        } catch (KeySourceException e) {
            throw new DocumentException.Unavailable("the identity provider's keys cannot be fetched", e);
        }
        for (Key key : candidates) {
            try {
                JWSVerifier verifier = verifiers.createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) {
                    return new JoseCodec.Verified(jwt.getHeader(), jwt.getJWTClaimsSet());
                }
            } catch (JOSEException | IllegalStateException e) {
                // not this key
            } catch (ParseException e) {
                throw new JoseCodec.Refused("has claims that are not valid: " + e.getMessage(), jwt.getHeader().getType());
            }
        }
        throw new JoseCodec.Refused(candidates.isEmpty()
                ? "is signed with a key that the identity provider does not list"
                : "has a signature that is not valid", jwt.getHeader().getType());
    }
}
