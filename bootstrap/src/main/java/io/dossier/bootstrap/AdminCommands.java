package io.dossier.bootstrap;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.ApiKeysUseCase;
import io.dossier.application.port.in.TransferTenantUseCase;
import io.dossier.application.port.in.VerifyContentUseCase;
import io.dossier.domain.ApiKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The operator's commands over an assembled core: keys, verify, export and import. Each answers
 * its exit code: 0 done, 1 something was found or failed (it says what), 2 a wrong argument.
 */
final class AdminCommands {
    private final Dossier dossier;
    private final PrintStream out;
    private final Clock clock;

    AdminCommands(Dossier dossier, PrintStream out, Clock clock) {
        this.dossier = dossier;
        this.out = out;
        this.clock = clock;
    }

    /**
     * @param scopes  comma-separated scope names; empty: read and write (records only when asked for)
     * @param expires an ISO instant or an ISO duration from now (P90D, PT12H); empty: never
     */
    int createKey(String tenant, String name, Optional<String> scopes, Optional<String> expires) {
        Set<ApiKey.Scope> granted = EnumSet.noneOf(ApiKey.Scope.class);
        if (scopes.isEmpty()) {
            granted.addAll(EnumSet.of(ApiKey.Scope.READ, ApiKey.Scope.WRITE));
        } else {
            for (String scope : scopes.get().split(",")) {
                granted.add(ApiKey.Scope.ofClaim(scope.strip()));
            }
        }
        ApiKeysUseCase.Issued issued = dossier.apiKeys().create(new ApiKeysUseCase.Create(new TenantId(tenant), name,
                granted, expires.map(this::instant)));
        out.println("key " + issued.key().id() + " of tenant " + tenant + " (" + describe(issued.key()) + ")");
        out.println("secret: " + issued.secret());
        out.println("The secret is shown this once and kept nowhere: give it to its client now (X-API-Key header).");
        return 0;
    }

    int listKeys(String tenant) {
        var keys = dossier.apiKeys().list(new TenantId(tenant));
        if (keys.isEmpty()) {
            out.println("tenant " + tenant + " has no stored keys (keys given in DOSSIER_API_KEYS are not listed)");
        }
        for (ApiKey key : keys) {
            out.println(key.id() + "  " + describe(key));
        }
        return 0;
    }

    int verifyAudit(Optional<String> tenant) {
        var verification = dossier.audit().verify(tenant.map(TenantId::new), b -> out.println(
                "broken: " + b.tenant().map(t -> "tenant " + t).orElse("the service's chain") + ", entry "
                        + b.sequence() + ": " + b.problem()));
        out.println("audit: " + verification.chains() + " chains, " + verification.entries() + " entries checked, "
                + verification.breaks() + " broken");
        return verification.breaks() == 0 ? 0 : 1;
    }

    int purge(String tenant, String document) {
        io.dossier.domain.DocumentId id;
        try {
            id = new io.dossier.domain.DocumentId(java.util.UUID.fromString(document));
        } catch (IllegalArgumentException e) {
            throw new io.dossier.domain.DocumentException.InvalidInput("'" + document + "' is not a document id");
        }
        dossier.keepRecords().purge(new TenantId(tenant), id);
        out.println("document " + id + " of " + tenant + " purged with its versions and objects");
        return 0;
    }

    int revokeKey(String tenant, String id) {
        ApiKey key = dossier.apiKeys().revoke(new TenantId(tenant), id);
        out.println("key " + key.id() + " (" + key.name() + ") revoked at " + key.revoked().orElseThrow()
                + "; it is refused from now on");
        return 0;
    }

    private String describe(ApiKey key) {
        Instant now = clock.instant();
        String state = key.revoked().map(at -> "revoked " + at)
                .orElseGet(() -> key.validAt(now) ? "valid" : "expired");
        return "\"" + key.name() + "\", " + key.scopes().stream().map(ApiKey.Scope::claim).sorted()
                .reduce((a, b) -> a + " " + b).orElse("") + ", created " + key.created()
                + key.expires().map(at -> ", expires " + at).orElse(", never expires") + ", " + state;
    }

    private Instant instant(String text) {
        try {
            return text.startsWith("P") || text.startsWith("p")
                    ? clock.instant().plus(Duration.parse(text)).truncatedTo(ChronoUnit.SECONDS)
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires takes an instant (2027-01-31T00:00:00Z) or a duration from"
                    + " now (P90D, PT12H), not '" + text + "'");
        }
    }

    int verify(Optional<String> tenant, Optional<String> document, int samplePercent) {
        Optional<DocumentId> id;
        try {
            id = document.map(text -> new DocumentId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--document takes a document id (a UUID), not '" + document.get() + "'");
        }
        VerifyContentUseCase.Scope scope = new VerifyContentUseCase.Scope(tenant.map(TenantId::new), id,
                samplePercent);
        VerifyContentUseCase.Report report = dossier.verifyContent().verify(scope, finding -> out.println(
                finding.problem().name().toLowerCase(java.util.Locale.ROOT) + ": tenant " + finding.tenant()
                        + " document " + finding.document() + " version " + finding.version() + " object "
                        + finding.key().repositoryId() + "/" + finding.key().key() + ": " + finding.detail()));
        out.println("verify: " + report.versions() + " versions, " + report.bytes() + " bytes read, "
                + (report.findings() == 0 ? "all as recorded" : report.findings() + " not as recorded"));
        return report.findings() == 0 ? 0 : 1;
    }

    int export(String tenant, Path folder) {
        TenantId id = new TenantId(tenant);
        try (TenantArchive.Writer archive = new TenantArchive.Writer(folder)) {
            TransferTenantUseCase.Exported exported = dossier.transferTenant().export(id, archive);
            archive.finish(id, exported, clock.instant());
            out.println("export: tenant " + tenant + ": " + exported.documents() + " documents, " + exported.versions()
                    + " versions, " + exported.objects() + " objects (" + exported.bytes() + " bytes), "
                    + exported.patients() + " patients, into " + folder);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("writing into " + folder + " failed: " + e.getMessage(), e);
        }
    }

    int importTenant(Path folder) {
        TenantArchive.Reader archive;
        long[] counts = new long[4]; // restored, present, failed, patients
        try {
            archive = new TenantArchive.Reader(folder);
            archive.eachPatient(patient -> {
                try {
                    dossier.transferTenant().restore(patient);
                    counts[3]++;
                } catch (DocumentException.Conflict present) {
                    // registered by an earlier run of this import
                }
            });
            archive.eachDocument(document -> {
                try {
                    if (dossier.transferTenant().restore(document, archive).isPresent()) {
                        counts[0]++;
                    } else {
                        counts[1]++;
                    }
                } catch (DocumentException | UncheckedIOException e) {
                    counts[2]++;
                    out.println("not restored: document " + document.id() + " (number " + document.number() + "): "
                            + e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + folder + " failed: " + e.getMessage(), e);
        }
        out.println("import: tenant " + archive.tenant() + ": " + counts[0] + " documents restored, " + counts[1]
                + " present already, " + counts[2] + " not restored, " + counts[3] + " patients registered"
                + (counts[0] > 0 ? "; their text renditions are made by the service" : ""));
        return counts[2] == 0 ? 0 : 1;
    }
}
