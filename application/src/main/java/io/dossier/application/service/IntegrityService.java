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

    /** Who marks a document's versions damaged or intact again. */
    static final io.dossier.domain.Author SCANNER = new io.dossier.domain.Author("Dossier/integrity", "integrity scan");
    private final DocumentChanges changes;

    IntegrityService(Documents documents, ContentStore store, AuditLog audit, java.time.Clock clock,
                     DocumentChanges changes) {
        this.changes = changes;
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
                    SCANNER.reference(), io.dossier.domain.AuditEntry.Action.INTEGRITY_FAILURE,
                    java.util.Optional.of(finding.document()), java.util.Optional.of(finding.version().value()),
                    finding.problem().name().toLowerCase(java.util.Locale.ROOT) + ": " + finding.detail()));
            findings.accept(finding);
        };
        if (scope.document().isPresent()) {
            Document document = documents.find(scope.tenant().get(), scope.document().get())
                    .or(() -> documents.findInTrash(scope.tenant().get(), scope.document().get())).orElseThrow(() ->
                    new DocumentException.NotFound("tenant " + scope.tenant().get() + " has no document "
                            + scope.document().get()));
            check(document, scope, counts, counted);
        } else {
            List<TenantId> tenants = scope.tenant().map(List::of).orElseGet(documents::tenants);
            for (TenantId tenant : tenants) {
                for (int offset = 0; ; offset += PAGE) {
                    List<Document> page = documents.list(tenant, offset, PAGE);
                    page.forEach(document -> check(document, scope, counts, counted));
                    if (page.size() < PAGE) {
                        break;
                    }
                }
                // The trash too: a document restored from it must not come back with rotten bytes unnoticed.
                for (int offset = 0; ; offset += PAGE) {
                    List<Document> page = documents.trash(tenant, offset, PAGE);
                    page.forEach(document -> check(document, scope, counts, counted));
                    if (page.size() < PAGE) {
                        break;
                    }
                }
            }
        }
        return new Report(counts[0], counts[1], counts[2]);
    }

    private void check(Document document, Scope scope, long[] counts, Consumer<Finding> findings) {
        // A restored version may name the object of an older one: each object is read once, and
        // what it shows holds for every version that names it.
        java.util.Map<StorageKey, Optional<Found>> read = new java.util.HashMap<>();
        java.util.Map<io.dossier.domain.VersionNumber, Optional<Found>> outcome = new java.util.LinkedHashMap<>();
        for (Version version : document.versions()) {
            ContentRef content = version.content();
            Optional<Found> known = read.get(content.storageKey());
            if (known == null) {
                if (scope.samplePercent() < 100 && ThreadLocalRandom.current().nextInt(100) >= scope.samplePercent()) {
                    continue;
                }
                counts[0]++;
                known = problem(content, counts, scope.maxBytesPerSecond());
                read.put(content.storageKey(), known);
                known.ifPresent(problem -> findings.accept(new Finding(document.tenant(), document.id(),
                        version.number(), content.storageKey(), problem.problem(), problem.detail())));
            }
            outcome.put(version.number(), known);
        }
        remember(document, outcome);
    }

    /** Keeps what was found on the document, so that its readers see a damaged version as damaged. */
    private void remember(Document document, java.util.Map<io.dossier.domain.VersionNumber, Optional<Found>> outcome) {
        java.time.Instant now = clock.instant();
        boolean changes = false;
        Document probe = document.atRevision(document.revision());
        for (var checked : outcome.entrySet()) {
            changes |= apply(probe, checked.getKey(), checked.getValue(), now);
        }
        if (!changes) {
            return;
        }
        try {
            this.changes.change(SCANNER, document, d -> {
                outcome.forEach((number, found) -> apply(d, number, found, now));
                return null;
            }, () -> documents.find(document.tenant(), document.id())
                    .or(() -> documents.findInTrash(document.tenant(), document.id()))
                    .orElseThrow(() -> new DocumentException.NotFound("document " + document.id() + " is gone")));
        } catch (DocumentException.NotFound gone) {
            // Deleted meanwhile: nothing to keep.
        }
    }

    private static boolean apply(Document document, io.dossier.domain.VersionNumber number, Optional<Found> found,
                                 java.time.Instant now) {
        if (found.isPresent() && found.get().problem() == Problem.UNREADABLE) {
            return false; // a store that does not answer says nothing about the bytes it holds
        }
        return found.map(f -> document.markDamaged(number, f.problem().name().toLowerCase(java.util.Locale.ROOT)
                + ": " + f.detail(), now)).orElseGet(() -> document.markIntact(number));
    }

    private record Found(Problem problem, String detail) {
    }

    /** Reads to the end, no faster than the rate (0: unthrottled), sleeping between reads. */
    private static void drain(InputStream in, long maxBytesPerSecond) throws IOException {
        if (maxBytesPerSecond == 0) {
            in.transferTo(OutputStream.nullOutputStream());
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        long start = System.nanoTime();
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            long due = start + total * 1_000_000_000L / maxBytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("the scan was stopped");
                }
            }
        }
    }

    private Optional<Found> problem(ContentRef expected, long[] counts, long maxBytesPerSecond) {
        MeasuringInputStream measured;
        try (InputStream in = store.open(expected.storageKey(), Optional.empty())) {
            measured = new MeasuringInputStream(in, Long.MAX_VALUE);
            drain(measured, maxBytesPerSecond);
        } catch (DocumentException.NotFound e) {
            return Optional.of(new Found(Problem.MISSING, "no object in the store"));
        } catch (java.io.InterruptedIOException e) {
            throw new java.io.UncheckedIOException(e);
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
