package io.dossier.application.service;

import io.dossier.application.port.in.KeepRecordsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.time.Clock;

/** Retentions, legal holds and the trash; the rules are {@link Document}'s. */
public final class RecordsService implements KeepRecordsUseCase {
    static final int MAX_PAGE = 1000;

    private final Documents documents;
    private final DocumentChanges changes;
    private final Purging purging;
    private final Clock clock;

    RecordsService(Documents documents, DocumentChanges changes, Purging purging, Clock clock) {
        this.documents = documents;
        this.changes = changes;
        this.purging = purging;
        this.clock = clock;
    }

    @Override
    public Document retain(Retain command) {
        Document document = keeper(command.principal(), command.id());
        return changes.change(command.principal().author(), document, d -> {
            d.retainUntil(command.until(), clock.instant());
            return null;
        }, () -> findAnywhere(document.tenant(), document.id())).document();
    }

    @Override
    public Document placeLegalHold(Hold command) {
        Document document = keeper(command.principal(), command.id());
        return changes.change(command.principal().author(), document, d -> d.placeLegalHold(command.reason(), command.principal().author(),
                clock.instant()), () -> findAnywhere(document.tenant(), document.id())).document();
    }

    @Override
    public Document liftLegalHold(Principal principal, DocumentId id) {
        Document document = keeper(principal, id);
        if (document.keeping().legalHold().isEmpty()) {
            throw new DocumentException.NotFound("document " + id + " is under no legal hold");
        }
        return changes.change(principal.author(), document, d -> d.liftLegalHold(clock.instant()),
                () -> findAnywhere(document.tenant(), document.id())).document();
    }

    @Override
    public Trash trash(Principal principal, int offset, int limit) {
        principal.require(Permission.READ);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new DocumentException.InvalidInput("offset must not be negative and limit within 1.." + MAX_PAGE);
        }
        // A scoped principal sees the deleted documents within its reach only; the count is of the tenant's.
        var items = documents.trash(principal.tenant(), offset, limit).stream()
                .filter(d -> principal.reach().includes(d.filing())).toList();
        return new Trash(items, offset, limit, documents.countTrash(principal.tenant()));
    }

    @Override
    public Document restoreFromTrash(Principal principal, DocumentId id) {
        principal.require(Permission.WRITE);
        Document document = inTrash(principal.tenant(), id);
        principal.requireReach(document.filing());
        return changes.change(principal.author(), document, d -> {
            d.restoreFromTrash(clock.instant());
            return null;
        }, () -> inTrash(principal.tenant(), id)).document();
    }

    @Override
    public void purge(TenantId tenant, DocumentId id) {
        Document document = findAnywhere(tenant, id);
        if (!purging.purge(document, clock.instant(), Purging.ADMINISTRATOR)) {
            throw new DocumentException.NotFound("document " + id + " does not exist");
        }
    }

    /** The document, for a change of its retention or hold: the records permission is needed. */
    private Document keeper(Principal principal, DocumentId id) {
        principal.require(Permission.RECORDS);
        Document document = findAnywhere(principal.tenant(), id);
        principal.requireReach(document.filing());
        return document;
    }

    /** A document in the trash or not (a hold may be placed on one in the trash, to stop its purge). */
    private Document findAnywhere(TenantId tenant, DocumentId id) {
        return documents.find(tenant, id).or(() -> documents.findInTrash(tenant, id))
                .orElseThrow(() -> new DocumentException.NotFound("document " + id + " does not exist"));
    }

    private Document inTrash(TenantId tenant, DocumentId id) {
        return documents.findInTrash(tenant, id)
                .orElseThrow(() -> new DocumentException.NotFound("document " + id + " is not in the trash"));
    }
}
