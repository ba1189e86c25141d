package io.dossier.application.service;

import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes documents for good: their rows, then their objects. Shared by the sweeper (documents
 * whose time in the trash is over) and the administrator's purge.
 */
final class Purging {
    private static final Logger LOG = Logger.getLogger(Purging.class.getName());
    static final int BATCH = 200;
    static final io.dossier.domain.Author SWEEPER = new io.dossier.domain.Author("Dossier/sweeper", "sweeper");
    static final io.dossier.domain.Author ADMINISTRATOR = new io.dossier.domain.Author("Dossier/administrator",
            "administrator (command line)");

    private final Documents documents;
    private final ContentStore store;
    private final Duration trashPeriod;

    private final AuditLog audit;

    Purging(Documents documents, ContentStore store, Duration trashPeriod, AuditLog audit) {
        this.audit = audit;
        this.documents = documents;
        this.store = store;
        this.trashPeriod = trashPeriod;
    }

    Duration trashPeriod() {
        return trashPeriod;
    }

    /** Purges the document unless a retention or legal hold forbids it (then it throws, saying which). */
    boolean purge(Document document, Instant now, io.dossier.domain.Author actor) {
        document.requireDeletable(now);
        // The rows and the entry that records their removal: one commit, or neither.
        boolean deleted = audit.together(() -> {
            if (!documents.delete(document.tenant(), document.id())) {
                return false;
            }
            audit.record(io.dossier.domain.AuditEntry.Event.of(document.tenant(), now, actor,
                    io.dossier.domain.AuditEntry.Action.PURGED, document.id(), document.versions().size()
                            + " versions, " + document.keeping().trashed().map(t -> "deleted " + t.at())
                            .orElse("not in the trash")));
            return true;
        });
        if (!deleted) {
            return false;
        }
        // Versions share objects after a restore: delete each object once. Failures are left to the sweeper.
        document.versions().stream().map(v -> v.content().storageKey()).distinct().forEach(key -> {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not delete " + key + " of purged document " + document.id()
                        + "; the sweeper deletes it later", e);
            }
        });
        return true;
    }

    /** Purges the documents whose time in the trash is over and that nothing keeps; answers how many. */
    int purgeDue(Instant now) {
        int purged = 0;
        for (Document document : documents.trashedBefore(now.minus(trashPeriod), BATCH)) {
            if (document.isPurgeable(now, trashPeriod)) {
                try {
                    if (purge(document, now, SWEEPER)) {
                        purged++;
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "document " + document.id() + " in the trash could not be purged; "
                            + "the next sweep tries again", e);
                }
            }
        }
        return purged;
    }
}
