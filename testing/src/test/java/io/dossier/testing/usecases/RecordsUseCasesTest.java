package io.dossier.testing.usecases;

import io.dossier.application.port.in.KeepRecordsUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, legal hold and the trash through the use cases, on in-memory adapters. */
class RecordsUseCasesTest {
    private final Core core = new Core();
    private final KeepRecordsUseCase records = core.dossier.keepRecords();

    private Instant inDays(long days) {
        return core.clock.instant().plus(Duration.ofDays(days));
    }

    @Test
    void a_retained_document_cannot_be_deleted_until_the_retention_ends() {
        Document document = core.createWith("contract");
        Document retained = records.retain(new KeepRecordsUseCase.Retain(core.alice, document.id(), inDays(10)));
        assertEquals(Optional.of(inDays(10)), retained.keeping().retainUntil());

        var refused = assertThrows(DocumentException.Conflict.class,
                () -> core.dossier.deleteDocument().delete(core.alice, document.id()));
        assertTrue(refused.getMessage().contains("retained until"), refused.getMessage());
        assertThrows(DocumentException.Conflict.class,
                () -> records.retain(new KeepRecordsUseCase.Retain(core.alice, document.id(), inDays(5))));
        assertThrows(DocumentException.Conflict.class, () -> records.purge(Core.TENANT, document.id()),
                "not even an administrator purges a retained document");

        core.clock.advance(Duration.ofDays(10));
        core.dossier.deleteDocument().delete(core.alice, document.id());
        assertEquals(1, records.trash(core.alice, 0, 10).total());
    }

    @Test
    void where_the_store_locks_objects_a_retained_document_s_objects_are_locked_too() {
        Document document = core.createWith("first");
        records.retain(new KeepRecordsUseCase.Retain(core.alice, document.id(), inDays(10)));
        var first = document.currentVersion().orElseThrow().content().storageKey();
        assertEquals(Optional.of(inDays(10)), core.store.lockedUntil(first));
        var second = core.replace(document.id(), "second").content().storageKey();
        assertEquals(Optional.of(inDays(10)), core.store.lockedUntil(second), "a new version of it as well");
        records.retain(new KeepRecordsUseCase.Retain(core.alice, document.id(), inDays(20)));
        assertEquals(Optional.of(inDays(20)), core.store.lockedUntil(first), "extended with the retention");
        assertThrows(DocumentException.Conflict.class, () -> core.store.delete(first),
                "the store itself refuses, whoever asks");
        Document other = core.createWith("not retained");
        assertEquals(Optional.empty(), core.store.lockedUntil(other.currentVersion().orElseThrow().content()
                .storageKey()));
    }

    @Test
    void retentions_and_holds_need_the_records_permission() {
        Document document = core.createWith("minutes");
        for (var principal : List.of(core.reader, core.writeOnly)) {
            assertThrows(DocumentException.PermissionDenied.class,
                    () -> records.retain(new KeepRecordsUseCase.Retain(principal, document.id(), inDays(1))));
            assertThrows(DocumentException.PermissionDenied.class,
                    () -> records.placeLegalHold(new KeepRecordsUseCase.Hold(principal, document.id(), "case")));
            assertThrows(DocumentException.PermissionDenied.class,
                    () -> records.liftLegalHold(principal, document.id()));
        }
        assertThrows(DocumentException.NotFound.class,
                () -> records.retain(new KeepRecordsUseCase.Retain(core.stranger, document.id(), inDays(1))));
    }

    @Test
    void a_legal_hold_stops_deletion_and_purge_until_it_is_lifted_even_in_the_trash() {
        Document document = core.createWith("evidence");
        core.dossier.deleteDocument().delete(core.alice, document.id());
        // Placed on a document already in the trash: its purge is stopped.
        Document held = records.placeLegalHold(new KeepRecordsUseCase.Hold(core.alice, document.id(), "case 2026-17"));
        assertEquals("case 2026-17", held.keeping().legalHold().orElseThrow().reason());
        core.clock.advance(Duration.ofDays(31));
        assertEquals(0, core.dossier.sweeper().sweep().documentsPurged());
        assertEquals(1, records.trash(core.alice, 0, 10).items().size());

        records.liftLegalHold(core.alice, document.id());
        assertThrows(DocumentException.NotFound.class, () -> records.liftLegalHold(core.alice, document.id()));
        assertEquals(1, core.dossier.sweeper().sweep().documentsPurged());
        assertEquals(0, records.trash(core.alice, 0, 10).total());
        assertThrows(DocumentException.NotFound.class, () -> records.restoreFromTrash(core.alice, document.id()));
    }

    @Test
    void a_document_restored_from_the_trash_is_back_as_it_was() {
        Document document = core.createWith("draft");
        core.replace(document.id(), "final");
        core.dossier.deleteDocument().delete(core.alice, document.id());
        KeepRecordsUseCase.Trash trash = records.trash(core.alice, 0, 10);
        assertEquals(List.of(document.id()), trash.items().stream().map(Document::id).toList());
        assertEquals(core.alice.author(), trash.items().get(0).keeping().trashed().orElseThrow().by());
        assertEquals(0, records.trash(core.stranger, 0, 10).total(), "another tenant's trash is its own");
        assertThrows(DocumentException.NotFound.class, () -> records.restoreFromTrash(core.stranger, document.id()));
        assertThrows(DocumentException.PermissionDenied.class, () -> records.restoreFromTrash(core.reader, document.id()));

        Document restored = records.restoreFromTrash(core.alice, document.id());
        assertEquals(2, restored.versions().size());
        assertEquals("final", core.currentText(document.id()));
        assertThrows(DocumentException.NotFound.class, () -> records.restoreFromTrash(core.alice, document.id()));
        core.clock.advance(Duration.ofDays(31));
        assertEquals(0, core.dossier.sweeper().sweep().documentsPurged(), "a restored document is not purged");
    }

    @Test
    void an_administrator_purges_at_once_with_the_objects() {
        Document document = core.createWith("mistake");
        records.purge(Core.TENANT, document.id());
        assertThrows(DocumentException.NotFound.class, () -> core.dossier.getDocument().get(core.alice, document.id()));
        assertTrue(core.objects().isEmpty());
        assertThrows(DocumentException.NotFound.class, () -> records.purge(Core.TENANT, document.id()));
    }

    @Test
    void a_policy_retains_documents_by_tag_and_by_media_type_from_their_creation() {
        Core withPolicies = new Core(List.of(RetentionPolicy.parse("tag:invoice=P10Y"),
                RetentionPolicy.parse("type:text/plain=P30D")));
        Document note = withPolicies.createWith("a note");
        Instant created = note.createdAt();
        assertEquals(Optional.of(created.plus(Duration.ofDays(30))), note.keeping().retainUntil());

        withPolicies.dossier.tags().tag(new TagDocumentUseCase.Command(withPolicies.alice, note.id(), "invoice", 1,
                "t"));
        Document tagged = withPolicies.dossier.getDocument().get(withPolicies.alice, note.id());
        assertEquals(Optional.of(created.atOffset(ZoneOffset.UTC).plusYears(10).toInstant()),
                tagged.keeping().retainUntil());
        assertThrows(DocumentException.Conflict.class,
                () -> withPolicies.dossier.deleteDocument().delete(withPolicies.alice, note.id()));
        assertEquals(0, withPolicies.dossier.keepRecords().trash(withPolicies.alice, 0, 1).total());
    }

    @Test
    void a_policy_is_read_from_its_text_and_refuses_nonsense() {
        assertEquals("tag:invoice=P10Y", RetentionPolicy.parse(" tag:invoice = P10Y ").toString());
        assertEquals("type:application/pdf=P6M", RetentionPolicy.parse("type:Application/PDF=P6M").toString());
        for (String bad : List.of("invoice=P10Y", "tag:invoice", "kind:x=P1Y", "tag:invoice=10 years", "tag:a=P0D",
                "type:nonsense=P1Y")) {
            assertThrows(DocumentException.InvalidInput.class, () -> RetentionPolicy.parse(bad), bad);
        }
    }
}
