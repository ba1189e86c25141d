package io.dossier.application.service;

import io.dossier.application.port.in.ApiKeysUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.out.ApiKeys;
import io.dossier.application.port.out.IdSource;
import io.dossier.domain.ApiKey;
import io.dossier.domain.Author;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stored API keys: made with 256 random bits, kept as their SHA-256, checked against the clock. */
public final class ApiKeyService implements ApiKeysUseCase {
    /** Marks the secrets this service makes, so that a leaked one is recognised by secret scanners. */
    static final String PREFIX = "dsk_";
    private static final int MAX_SECRET_LENGTH = 512;

    private final ApiKeys keys;
    private final Clock clock;
    private final IdSource ids;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeys keys, Clock clock, IdSource ids) {
        this.keys = keys;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Issued create(Create command) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        ApiKey key = ApiKey.create(ids.newTokenId(), command.tenant(), command.name(), sha256(secret),
                command.scopes(), clock.instant(), command.expires());
        keys.save(key);
        return new Issued(key, secret);
    }

    @Override
    public List<ApiKey> list(TenantId tenant) {
        return keys.list(tenant);
    }

    @Override
    public ApiKey revoke(TenantId tenant, String id) {
        ApiKey key = keys.find(tenant, id).orElseThrow(() ->
                new DocumentException.NotFound("tenant " + tenant + " has no key " + id));
        ApiKey revoked = key.revoke(clock.instant());
        if (revoked != key) {
            keys.save(revoked);
        }
        return revoked;
    }

    @Override
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        return keys.findBySecretHash(sha256(secret))
                .filter(key -> key.validAt(clock.instant()))
                .map(ApiKeyService::principal);
    }

    private static Principal principal(ApiKey key) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (ApiKey.Scope scope : key.scopes()) {
            permissions.add(switch (scope) {
                case READ -> Permission.READ;
                case WRITE -> Permission.WRITE;
                case RECORDS -> Permission.RECORDS;
                case AUDIT -> Permission.AUDIT;
            });
        }
        return new Principal(key.tenant(), new Author("ApiKey/" + key.id(), key.name()), permissions,
                Optional.empty());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
