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

    private final Documents documents;
    private final ContentStore store;
    private final Duration trashPeriod;

    Purging(Documents documents, ContentStore store, Duration trashPeriod) {
        this.documents = documents;
        this.store = store;
        this.trashPeriod = trashPeriod;
    }

    Duration trashPeriod() {
        return trashPeriod;
    }

    /** Purges the document unless a retention or legal hold forbids it (then it throws, saying which). */
    boolean purge(Document document, Instant now) {
        document.requireDeletable(now);
        if (!documents.delete(document.tenant(), document.id())) {
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
                    if (purge(document, now)) {
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
