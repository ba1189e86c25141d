package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.List;

/**
 * Records kept for a duty: retentions and legal holds (which forbid deleting a document while
 * they last; the records permission sets them), and the trash that deleting moves a document
 * into, restorable until the trash period has passed and the sweeper purges it.
 */
public interface KeepRecordsUseCase {

    /** Retains the document until then; extends a retention, never shortens it (409). */
    Document retain(Retain command);

    /** Places a legal hold (or renews its reason); it lasts until lifted. */
    Document placeLegalHold(Hold command);

    /** Lifts the legal hold; 404-like NotFound when there is none. */
    Document liftLegalHold(Principal principal, DocumentId id);

    /** The tenant's documents in the trash, most recently deleted first. */
    Trash trash(Principal principal, int offset, int limit);

    /** Takes a document out of the trash, as it was when it was deleted. */
    Document restoreFromTrash(Principal principal, DocumentId id);

    /**
     * Deletes a document at once with its versions and objects, in the trash or not: an
     * administrator's act, refused while a retention or legal hold lasts.
     */
    void purge(TenantId tenant, DocumentId id);

    record Retain(Principal principal, DocumentId id, Instant until) {
        public Retain {
            if (principal == null || id == null || until == null) {
                throw new DocumentException.InvalidInput("principal, document and end of the retention are required");
            }
        }
    }

    record Hold(Principal principal, DocumentId id, String reason) {
        public Hold {
            if (principal == null || id == null) {
                throw new DocumentException.InvalidInput("principal and document are required");
            }
            if (reason == null || reason.isBlank()) {
                throw new DocumentException.InvalidInput("a legal hold needs a reason");
            }
        }
    }

    record Trash(List<Document> items, int offset, int limit, long total) {
        public Trash {
            items = List.copyOf(items);
        }
    }
}
