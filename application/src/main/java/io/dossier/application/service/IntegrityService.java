package io.dossier.application.service;

import io.dossier.application.port.in.VerifyContentUseCase;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.MeasuringInputStream;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** Reads every object in scope once, streaming, and compares its length and SHA-256 with its version's. */
public final class IntegrityService implements VerifyContentUseCase {
    private static final int PAGE = 200;

    private final Documents documents;
    private final ContentStore store;

    private final AuditLog audit;
    private final java.time.Clock clock;

    public IntegrityService(Documents documents, ContentStore store) {
        this(documents, store, new AuditLog(io.dossier.application.port.out.AuditTrail.NONE,
                io.dossier.application.port.out.Transactions.NONE), java.time.Clock.systemUTC());
    }

    IntegrityService(Documents documents, ContentStore store, AuditLog audit, java.time.Clock clock) {
        this.documents = documents;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Report verify(Scope scope, Consumer<Finding> findings) {
        long[] counts = new long[3];
        Consumer<Finding> counted = finding -> {
            counts[2]++;
            // Each mismatch or missing object is on the record, not only on the operator's screen.
            audit.record(new io.dossier.domain.AuditEntry.Event(java.util.Optional.of(finding.tenant()), clock.instant(),
                    "Dossier/integrity", io.dossier.domain.AuditEntry.Action.INTEGRITY_FAILURE,
                    java.util.Optional.of(finding.document()), java.util.Optional.of(finding.version().value()),
                    finding.problem().name().toLowerCase(java.util.Locale.ROOT) + ": " + finding.detail()));
            findings.accept(finding);
        };
        if (scope.document().isPresent()) {
            Document document = documents.find(scope.tenant().get(), scope.document().get()).orElseThrow(() ->
                    new DocumentException.NotFound("tenant " + scope.tenant().get() + " has no document "
                            + scope.document().get()));
            check(document, scope.samplePercent(), counts, counted);
        } else {
            List<TenantId> tenants = scope.tenant().map(List::of).orElseGet(documents::tenants);
            for (TenantId tenant : tenants) {
                for (int offset = 0; ; offset += PAGE) {
                    List<Document> page = documents.list(tenant, offset, PAGE);
                    page.forEach(document -> check(document, scope.samplePercent(), counts, counted));
                    if (page.size() < PAGE) {
                        break;
                    }
                }
            }
        }
        return new Report(counts[0], counts[1], counts[2]);
    }

    private void check(Document document, int samplePercent, long[] counts, Consumer<Finding> findings) {
        // A restored version may name the object of an older one: each object is read once.
        Set<StorageKey> read = new HashSet<>();
        for (Version version : document.versions()) {
            ContentRef content = version.content();
            if (!read.add(content.storageKey())
                    || samplePercent < 100 && ThreadLocalRandom.current().nextInt(100) >= samplePercent) {
                continue;
            }
            counts[0]++;
            problem(content, counts).ifPresent(problem -> findings.accept(new Finding(document.tenant(),
                    document.id(), version.number(), content.storageKey(), problem.problem(), problem.detail())));
        }
    }

    private record Found(Problem problem, String detail) {
    }

    private Optional<Found> problem(ContentRef expected, long[] counts) {
        MeasuringInputStream measured;
        try (InputStream in = store.open(expected.storageKey(), Optional.empty())) {
            measured = new MeasuringInputStream(in, Long.MAX_VALUE);
            measured.transferTo(OutputStream.nullOutputStream());
        } catch (DocumentException.NotFound e) {
            return Optional.of(new Found(Problem.MISSING, "no object in the store"));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Found(Problem.UNREADABLE, "reading failed: " + e.getMessage()));
        }
        counts[1] += measured.count();
        if (measured.count() != expected.length()) {
            return Optional.of(new Found(Problem.LENGTH, measured.count() + " bytes stored, "
                    + expected.length() + " recorded"));
        }
        String digest = measured.sha256Hex();
        if (!digest.equals(expected.sha256())) {
            return Optional.of(new Found(Problem.DIGEST, "SHA-256 " + digest + " stored, "
                    + expected.sha256() + " recorded"));
        }
        return Optional.empty();
    }
}
