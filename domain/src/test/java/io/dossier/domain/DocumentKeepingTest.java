package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.dossier.domain.Examples.AUTHOR;
import static io.dossier.domain.Examples.OTHER_AUTHOR;
import static io.dossier.domain.Examples.at;
import static io.dossier.domain.Examples.newDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, legal hold and trash: what stops a deletion and what a deletion leaves restorable. */
class DocumentKeepingTest {
    private static final Duration TRASH = Duration.ofDays(30);

    @Test
    void a_retention_refuses_deletion_until_it_ends_and_can_be_extended_but_not_shortened() {
        Document document = newDocument(Visibility.PRIVATE);
        document.retainUntil(at(100), at(1));

        var refused = assertThrows(DocumentException.Conflict.class, () -> document.moveToTrash(AUTHOR, at(2)));
        assertTrue(refused.getMessage().contains("retained until " + at(100)), refused.getMessage());
        var shorter = assertThrows(DocumentException.Conflict.class, () -> document.retainUntil(at(50), at(3)));
        assertTrue(shorter.getMessage().contains("not shortened"), shorter.getMessage());
        assertEquals(Optional.of(at(100)), document.keeping().retainUntil());

        document.retainUntil(at(200), at(4));
        assertEquals(Optional.of(at(200)), document.keeping().retainUntil());
        assertThrows(DocumentException.InvalidInput.class, () -> document.retainUntil(at(3), at(5)),
                "a retention that has already ended means nothing");
        assertThrows(DocumentException.InvalidInput.class, () -> document.retainUntil(
                java.time.Instant.parse("+10000-01-01T00:00:00Z"), at(5)), "beyond any database's dates");

        document.moveToTrash(AUTHOR, at(200));
        assertTrue(document.isTrashed(), "deletable the moment the retention ends");
    }

    @Test
    void a_policy_only_ever_extends_a_retention() {
        Document document = newDocument(Visibility.PRIVATE);
        assertTrue(document.retainAtLeast(at(100)));
        assertFalse(document.retainAtLeast(at(50)));
        assertFalse(document.retainAtLeast(at(100)));
        assertEquals(Optional.of(at(100)), document.keeping().retainUntil());
    }

    @Test
    void a_legal_hold_refuses_deletion_until_it_is_lifted_whatever_the_retention() {
        Document document = newDocument(Visibility.PRIVATE);
        Keeping.LegalHold hold = document.placeLegalHold("case 2026-17", AUTHOR, at(1));
        assertEquals(at(1), hold.since());

        var refused = assertThrows(DocumentException.Conflict.class, () -> document.moveToTrash(AUTHOR, at(1_000)));
        assertTrue(refused.getMessage().contains("legal hold") && refused.getMessage().contains("case 2026-17"),
                refused.getMessage());
        Keeping.LegalHold again = document.placeLegalHold("case 2026-17 and 2026-18", OTHER_AUTHOR, at(5));
        assertEquals(at(1), again.since(), "a hold renewed keeps its start");
        assertThrows(DocumentException.InvalidInput.class, () -> document.placeLegalHold(" ", AUTHOR, at(6)));

        assertTrue(document.liftLegalHold(at(7)));
        assertFalse(document.liftLegalHold(at(8)));
        document.moveToTrash(AUTHOR, at(9));
        assertTrue(document.isTrashed());
    }

    @Test
    void the_trash_keeps_a_document_restorable_and_purgeable_only_after_the_trash_period() {
        Document document = newDocument(Visibility.PRIVATE);
        document.moveToTrash(OTHER_AUTHOR, at(10));
        assertEquals(Optional.of(new Keeping.Trashed(at(10), OTHER_AUTHOR)), document.keeping().trashed());
        assertThrows(DocumentException.NotFound.class, () -> document.moveToTrash(AUTHOR, at(11)),
                "a document in the trash is gone for the ordinary delete");
        assertFalse(document.isPurgeable(at(10).plus(TRASH).minusSeconds(1), TRASH));
        assertTrue(document.isPurgeable(at(10).plus(TRASH), TRASH));

        document.restoreFromTrash(at(12));
        assertFalse(document.isTrashed());
        assertFalse(document.isPurgeable(at(10).plus(TRASH), TRASH), "a restored document is not purged");
        assertThrows(DocumentException.Conflict.class, () -> document.restoreFromTrash(at(13)));
    }

    @Test
    void a_hold_placed_on_a_document_in_the_trash_stops_its_purge() {
        Document document = newDocument(Visibility.PRIVATE);
        document.moveToTrash(AUTHOR, at(10));
        document.placeLegalHold("audit", AUTHOR, at(11));
        assertFalse(document.isPurgeable(at(10).plus(TRASH).plusSeconds(60), TRASH));
    }

    @Test
    void keeping_survives_a_snapshot_and_a_new_revision() {
        Document document = newDocument(Visibility.PRIVATE);
        document.retainUntil(at(100), at(1));
        document.placeLegalHold("case", AUTHOR, at(2));
        Document restored = Document.restore(document.snapshot());
        assertEquals(document.keeping(), restored.keeping());
        assertEquals(document.keeping(), restored.atRevision(7).keeping());
    }
}
