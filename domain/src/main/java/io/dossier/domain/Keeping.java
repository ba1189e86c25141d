package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * How a document is kept: until when it must be retained, whether a legal hold stops its
 * deletion, and whether it lies in the trash. The rules that use it are {@link Document}'s.
 */
public record Keeping(Optional<Instant> retainUntil, Optional<LegalHold> legalHold, Optional<Trashed> trashed,
                      java.util.List<Damage> damaged) {
    /** Kept as long as someone wants it: no retention, no hold, not in the trash, nothing found damaged. */
    public static final Keeping FREE = new Keeping(Optional.empty(), Optional.empty(), Optional.empty());

    public Keeping {
        retainUntil = retainUntil == null ? Optional.empty() : retainUntil;
        legalHold = legalHold == null ? Optional.empty() : legalHold;
        trashed = trashed == null ? Optional.empty() : trashed;
        damaged = damaged == null ? java.util.List.of() : damaged.stream()
                .sorted(java.util.Comparator.comparingInt(Damage::version)).toList();
    }

    /** Nothing found damaged. */
    public Keeping(Optional<Instant> retainUntil, Optional<LegalHold> legalHold, Optional<Trashed> trashed) {
        this(retainUntil, legalHold, trashed, java.util.List.of());
    }

    /** A version whose stored bytes an integrity scan found missing or not as recorded. */
    public record Damage(int version, String problem, Instant foundAt) {
        public Damage {
            if (version < 1) {
                throw new DocumentException.InvalidInput("a damaged version has a number of 1 or more");
            }
            problem = Checks.text(problem, "problem of a damaged version", 2000);
            Checks.present(foundAt, "time a damage was found");
        }
    }

    /** A hold has no end: it lasts until someone lifts it. */
    public record LegalHold(String reason, Author by, Instant since) {
        public static final int MAX_REASON = 1000;

        public LegalHold {
            reason = Checks.text(reason, "reason of a legal hold", MAX_REASON);
            Checks.present(by, "author of a legal hold");
            Checks.present(since, "start of a legal hold");
        }
    }

    /** Moved to the trash by someone, at a time: restorable until the trash is emptied. */
    public record Trashed(Instant at, Author by) {
        public Trashed {
            Checks.present(at, "time of deletion");
            Checks.present(by, "who deleted");
        }
    }

    /** True while the retention has not ended. */
    public boolean isRetainedAt(Instant now) {
        return retainUntil.map(until -> until.isAfter(now)).orElse(false);
    }

    /** Why the document may not be deleted now, if anything stops it. */
    public Optional<String> deletionRefusal(Instant now) {
        if (legalHold.isPresent()) {
            LegalHold hold = legalHold.get();
            return Optional.of("it is under a legal hold since " + hold.since() + " (" + hold.reason() + ")");
        }
        if (isRetainedAt(now)) {
            return Optional.of("it is retained until " + retainUntil.get());
        }
        return Optional.empty();
    }

    Keeping withRetention(Instant until) {
        return new Keeping(Optional.of(until), legalHold, trashed, damaged);
    }

    Keeping withHold(Optional<LegalHold> hold) {
        return new Keeping(retainUntil, hold, trashed, damaged);
    }

    Keeping withTrashed(Optional<Trashed> inTrash) {
        return new Keeping(retainUntil, legalHold, inTrash, damaged);
    }

    Keeping withDamaged(java.util.List<Damage> versions) {
        return new Keeping(retainUntil, legalHold, trashed, versions);
    }
}
