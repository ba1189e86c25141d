package io.dossier.testing.usecases;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.MetadataChange;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.RestoreVersionUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Tag;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.START;
import static io.dossier.testing.usecases.Core.TENANT;
import static io.dossier.testing.usecases.Core.sha256;
import static io.dossier.testing.usecases.Core.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, changing, reading and deleting documents through {@code Dossier}. */
class DocumentUseCasesTest {
    private final Core core = new Core();

    private static List<Integer> numbers(List<Version> versions) {
        return versions.stream().map(v -> v.number().value()).toList();
    }

    private ReplaceContentUseCase.Command replacing(DocumentId id, String text, Expectation expectation) {
        return new ReplaceContentUseCase.Command(core.alice, id, text(text), MetadataChange.NONE, expectation);
    }

    private UpdateMetadataUseCase.Command renaming(DocumentId id, String name) {
        return new UpdateMetadataUseCase.Command(core.alice, id,
                new MetadataChange(Optional.of(name), Optional.empty(), Map.of()), Optional.empty(), Expectation.NONE);
    }

    // ---- create --------------------------------------------------------------------------

    @Test
    void a_document_created_with_content_has_version_1_holding_those_bytes() {
        Document document = core.dossier.createDocument().create(new CreateDocumentUseCase.Command(core.alice,
                new Filing.Patient(42), new Metadata("Befund", "Labor", Map.of("source", "lab")), Visibility.PRIVATE,
                Optional.of(text("Hello, Dossier!"))));

        Version v1 = document.currentVersion().orElseThrow();
        assertEquals(1, v1.number().value());
        assertEquals(sha256("Hello, Dossier!"), v1.content().sha256());
        assertEquals(15, v1.content().length());
        assertEquals("text/plain", v1.content().mediaType());
        assertEquals("note.txt", v1.content().fileName());
        assertEquals(START, v1.createdAt());
        assertEquals(core.alice.author(), v1.author());
        assertEquals("Befund", v1.metadata().name());
        assertEquals(new Filing.Patient(42), document.filing());
        assertEquals(TENANT, document.tenant());
        assertEquals("Hello, Dossier!", core.currentText(document.id()));
        assertEquals(List.of(v1.content().storageKey()), core.objects());
        assertEquals("default", v1.content().repositoryId());
        assertTrue(v1.content().key().startsWith(TENANT + "/" + document.id() + "/"),
                "key is <tenant>/<document>/<stream>: " + v1.content().key());
    }

    @Test
    void a_document_created_without_content_has_no_version_and_nothing_to_open() {
        Document document = core.createEmpty("Later", Visibility.PRIVATE);

        assertTrue(core.versions(document.id()).isEmpty());
        assertTrue(core.objects().isEmpty());
        assertThrows(DocumentException.NotFound.class,
                () -> core.dossier.content().open(core.alice, document.id(), Optional.empty()));

        Version first = core.replace(document.id(), "now");
        assertEquals(1, first.number().value());
        assertEquals("Later", first.metadata().name());
    }

    @Test
    void documents_get_distinct_ids_and_numbers() {
        Document a = core.createWith("a");
        Document b = core.createEmpty("b", Visibility.PRIVATE);

        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.number(), b.number());
        assertEquals(b.id(), core.dossier.getDocument().getByNumber(core.alice, b.number()).id());
    }

    // ---- replace content -----------------------------------------------------------------

    @Test
    void replacing_content_makes_the_next_version_and_keeps_the_old_one_readable() {
        Document document = core.createWith("one");
        core.clock.advance(Duration.ofMinutes(5));

        Version v2 = core.dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(core.bob,
                document.id(), text("two"))).currentVersion().orElseThrow();

        assertEquals(2, v2.number().value());
        assertEquals(core.bob.author(), v2.author());
        assertEquals(START.plus(Duration.ofMinutes(5)), v2.createdAt());
        assertEquals(List.of(1, 2), numbers(core.versions(document.id())));
        assertEquals("two", core.currentText(document.id()));
        assertEquals("one", Core.read(core.dossier.content().open(core.alice, document.id(),
                Optional.of(VersionNumber.FIRST)), Optional.empty()));
        assertEquals(2, core.objects().size());
    }

    @Test
    void replacing_content_with_new_metadata_records_both_in_one_version() {
        Document document = core.createWith("one");

        Version v2 = core.dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(core.alice,
                document.id(), text("two"), new MetadataChange(Optional.of("Renamed"), Optional.empty(),
                Map.of("k", "v")), Expectation.NONE)).currentVersion().orElseThrow();

        assertEquals("Renamed", v2.metadata().name());
        assertEquals(Map.of("k", "v"), v2.metadata().properties());
        assertEquals("Note", core.versions(document.id()).get(0).metadata().name());
        assertEquals(List.of(1, 2), numbers(core.versions(document.id())));
    }

    @Test
    void replacing_content_carries_resistant_tags_over_and_drops_the_others() {
        Document document = core.createWith("one");
        core.dossier.tags().tag(new TagDocumentUseCase.Command(core.alice, document.id(), "status:resistant", 3, "t1"));
        core.dossier.tags().tag(new TagDocumentUseCase.Command(core.alice, document.id(), "review", 1, "t2"));

        core.replace(document.id(), "two");

        List<Tag> tags = core.dossier.tags().tags(core.alice, document.id());
        assertEquals(List.of("status:resistant"), tags.stream().map(Tag::name).toList());
        assertEquals(3, tags.get(0).state());
    }

    @Test
    void a_replacement_under_a_stale_version_fails_its_precondition_and_leaves_nothing_behind() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        List<StorageKey> before = core.objects();

        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.replaceContent()
                .replaceContent(replacing(document.id(), "three", Expectation.currentVersion(VersionNumber.FIRST))));

        assertEquals(List.of(1, 2), numbers(core.versions(document.id())));
        assertEquals(before, core.objects());
        assertEquals("two", core.currentText(document.id()));
    }

    @Test
    void a_replacement_under_a_stale_digest_fails_its_precondition() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");

        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.replaceContent()
                .replaceContent(replacing(document.id(), "three", Expectation.currentDigest(sha256("one")))));
        assertEquals(2, core.versions(document.id()).size());
    }

    @Test
    void a_replacement_under_the_current_version_or_digest_succeeds() {
        Document document = core.createWith("one");

        Version v2 = core.dossier.replaceContent().replaceContent(
                replacing(document.id(), "two", Expectation.currentVersion(VersionNumber.FIRST)))
                .currentVersion().orElseThrow();
        Version v3 = core.dossier.replaceContent().replaceContent(
                replacing(document.id(), "three", Expectation.currentDigest(sha256("two").toUpperCase())))
                .currentVersion().orElseThrow();

        assertEquals(2, v2.number().value());
        assertEquals(3, v3.number().value());
    }

    @Test
    void a_metadata_change_under_a_stale_revision_fails_although_the_content_is_the_same() {
        Document seen = core.dossier.getDocument().get(core.alice, core.createWith("one").id());

        Document first = core.dossier.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(core.alice,
                seen.id(), new MetadataChange(Optional.of("Ann's"), Optional.empty(), Map.of()), Optional.empty(),
                Expectation.currentRevision(seen.revision())));

        assertTrue(first.revision() > seen.revision(), "the answer is the document as saved: " + first);
        assertEquals(first.revision(), core.dossier.getDocument().get(core.alice, seen.id()).revision());
        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.updateMetadata().updateMetadata(
                new UpdateMetadataUseCase.Command(core.alice, seen.id(), new MetadataChange(Optional.of("Bob's"),
                        Optional.empty(), Map.of()), Optional.empty(), Expectation.currentRevision(seen.revision()))));
        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.replaceContent()
                .replaceContent(replacing(seen.id(), "two", Expectation.currentRevision(seen.revision()))));
        assertEquals("Ann's", core.dossier.getDocument().get(core.alice, seen.id()).metadata().name());
        assertEquals(2, core.versions(seen.id()).size());
    }

    @Test
    void a_document_without_content_fails_any_expectation_of_a_current_version() {
        Document document = core.createEmpty("Empty", Visibility.PRIVATE);

        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.replaceContent()
                .replaceContent(replacing(document.id(), "x", Expectation.currentVersion(VersionNumber.FIRST))));
        assertTrue(core.objects().isEmpty());
    }

    // ---- metadata ------------------------------------------------------------------------

    @Test
    void changing_metadata_before_any_content_makes_no_version() {
        Document document = core.createEmpty("Draft", Visibility.PRIVATE);

        Document changed = core.dossier.updateMetadata().updateMetadata(renaming(document.id(), "Final"));

        assertEquals("Final", changed.metadata().name());
        assertTrue(core.versions(document.id()).isEmpty());
        assertEquals("Final", core.replace(document.id(), "content").metadata().name());
    }

    @Test
    void changing_metadata_of_a_document_with_content_makes_a_version_with_the_same_content() {
        Document document = core.createWith("one");
        Version v1 = document.currentVersion().orElseThrow();

        Document changed = core.dossier.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(core.alice,
                document.id(), new MetadataChange(Optional.empty(), Optional.of("about it"), Map.of("a", "1")),
                Optional.empty(), Expectation.currentVersion(VersionNumber.FIRST)));

        Version v2 = changed.currentVersion().orElseThrow();
        assertEquals(2, v2.number().value());
        assertEquals(v1.content(), v2.content());
        assertEquals("Note", v2.metadata().name());
        assertEquals("about it", v2.metadata().description());
        assertEquals(Map.of("a", "1"), v2.metadata().properties());
        assertEquals(1, core.objects().size());
    }

    @Test
    void changing_only_the_visibility_makes_no_version() {
        Document document = core.createWith("one");

        Document changed = core.dossier.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(core.alice,
                document.id(), MetadataChange.NONE, Optional.of(Visibility.PUBLIC), Expectation.NONE));

        assertEquals(Visibility.PUBLIC, changed.visibility());
        assertEquals(1, core.versions(document.id()).size());
    }

    @Test
    void a_metadata_change_under_a_stale_version_fails_its_precondition() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");

        assertThrows(DocumentException.PreconditionFailed.class, () -> core.dossier.updateMetadata().updateMetadata(
                new UpdateMetadataUseCase.Command(core.alice, document.id(),
                        new MetadataChange(Optional.of("x"), Optional.empty(), Map.of()), Optional.empty(),
                        Expectation.currentVersion(VersionNumber.FIRST))));
        assertEquals(2, core.versions(document.id()).size());
        assertEquals("Note", core.dossier.getDocument().get(core.alice, document.id()).metadata().name());
    }

    // ---- restore -------------------------------------------------------------------------

    @Test
    void restoring_an_old_version_makes_a_new_version_with_its_content() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");

        Version v3 = core.dossier.restoreVersion().restoreVersion(
                new RestoreVersionUseCase.Command(core.bob, document.id(), VersionNumber.FIRST));

        assertEquals(3, v3.number().value());
        assertEquals(Optional.of(VersionNumber.FIRST), v3.restoredFrom());
        assertEquals(sha256("one"), v3.content().sha256());
        assertEquals("one", core.currentText(document.id()));
        assertEquals(List.of(1, 2, 3), numbers(core.versions(document.id())));
        assertEquals(2, core.objects().size(), "a restore stores no new object");
    }

    @Test
    void restoring_a_version_that_does_not_exist_is_not_found() {
        Document document = core.createWith("one");

        assertThrows(DocumentException.NotFound.class, () -> core.dossier.restoreVersion().restoreVersion(
                new RestoreVersionUseCase.Command(core.alice, document.id(), VersionNumber.of(2))));
        assertEquals(1, core.versions(document.id()).size());
    }

    // ---- reads ---------------------------------------------------------------------------

    @Test
    void documents_are_listed_oldest_first_page_by_page() {
        for (int i = 1; i <= 5; i++) {
            core.dossier.createDocument().create(new CreateDocumentUseCase.Command(core.alice, Filing.UNFILED,
                    Metadata.named("doc " + i), Visibility.PRIVATE, Optional.empty()));
            core.clock.advance(Duration.ofSeconds(1));
        }
        core.dossier.createDocument().create(new CreateDocumentUseCase.Command(core.stranger, Filing.UNFILED,
                Metadata.named("theirs"), Visibility.PRIVATE, Optional.empty()));

        assertEquals(List.of("doc 1", "doc 2"), names(core.dossier.getDocument().list(core.alice, 0, 2)));
        assertEquals(List.of("doc 3", "doc 4"), names(core.dossier.getDocument().list(core.alice, 2, 2)));
        assertEquals(List.of("doc 5"), names(core.dossier.getDocument().list(core.alice, 4, 2)));
        assertEquals(List.of(), names(core.dossier.getDocument().list(core.alice, 6, 2)));
        assertEquals(5, core.dossier.getDocument().count(core.alice));
        assertEquals(1, core.dossier.getDocument().count(core.stranger));
    }

    @Test
    void a_page_must_be_sensibly_sized() {
        assertThrows(DocumentException.InvalidInput.class, () -> core.dossier.getDocument().list(core.alice, -1, 10));
        assertThrows(DocumentException.InvalidInput.class, () -> core.dossier.getDocument().list(core.alice, 0, 0));
        assertThrows(DocumentException.InvalidInput.class, () -> core.dossier.getDocument().list(core.alice, 0, 1001));
        assertEquals(List.of(), core.dossier.getDocument().list(core.alice, 0, 1000));
    }

    private static List<String> names(List<Document> documents) {
        return documents.stream().map(d -> d.metadata().name()).toList();
    }

    @Test
    void versions_are_listed_first_to_current() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        core.dossier.updateMetadata().updateMetadata(renaming(document.id(), "Renamed"));

        List<Version> versions = core.versions(document.id());

        assertEquals(List.of(1, 2, 3), numbers(versions));
        assertEquals(List.of(sha256("one"), sha256("two"), sha256("two")),
                versions.stream().map(v -> v.content().sha256()).toList());
    }

    @Test
    void an_unknown_document_is_not_found() {
        DocumentId unknown = DocumentId.parse("00000000-0000-4000-8000-00000000abcd");

        assertThrows(DocumentException.NotFound.class, () -> core.dossier.getDocument().get(core.alice, unknown));
        assertThrows(DocumentException.NotFound.class, () -> core.dossier.getDocument().getByNumber(core.alice, 999));
        assertThrows(DocumentException.NotFound.class, () -> core.replace(unknown, "x"));
        assertTrue(core.objects().isEmpty());
    }

    // ---- tags ----------------------------------------------------------------------------

    @Test
    void tags_are_set_changed_and_removed_without_making_versions() {
        Document document = core.createWith("one");
        var tags = core.dossier.tags();

        tags.tag(new TagDocumentUseCase.Command(core.alice, document.id(), "review", 1, "trace-1"));
        core.clock.advance(Duration.ofMinutes(1));
        Tag changed = tags.tag(new TagDocumentUseCase.Command(core.alice, document.id(), "review", 2, "trace-2"));
        tags.tag(new TagDocumentUseCase.Command(core.alice, document.id(), "ocr:resistant", 0, null));

        assertEquals(2, changed.state());
        assertEquals(START.plus(Duration.ofMinutes(1)), changed.createdAt());
        assertEquals(List.of("ocr:resistant", "review"),
                tags.tags(core.alice, document.id()).stream().map(Tag::name).toList());

        tags.untag(core.alice, document.id(), "review");
        assertEquals(List.of("ocr:resistant"), tags.tags(core.alice, document.id()).stream().map(Tag::name).toList());
        assertThrows(DocumentException.NotFound.class, () -> tags.untag(core.alice, document.id(), "review"));
        assertEquals(1, core.versions(document.id()).size());
    }

    @Test
    void a_bad_tag_name_is_invalid_input() {
        Document document = core.createWith("one");

        assertThrows(DocumentException.InvalidInput.class,
                () -> new TagDocumentUseCase.Command(core.alice, document.id(), "not a tag", 1, ""));
        assertThrows(DocumentException.InvalidInput.class,
                () -> core.dossier.tags().untag(core.alice, document.id(), "not a tag"));
    }

    @Test
    void the_51st_tag_is_refused() {
        Document document = core.createWith("one");
        for (int i = 0; i < 50; i++) {
            core.dossier.tags().tag(new TagDocumentUseCase.Command(core.alice, document.id(),
                    "t" + (char) ('a' + i / 26) + (char) ('a' + i % 26), i, ""));
        }

        assertThrows(DocumentException.InvalidInput.class, () -> core.dossier.tags().tag(
                new TagDocumentUseCase.Command(core.alice, document.id(), "extra", 0, "")));
        assertEquals(50, core.dossier.tags().tags(core.alice, document.id()).size());
    }

    // ---- delete --------------------------------------------------------------------------

    @Test
    void deleting_a_document_moves_it_to_the_trash_and_the_sweeper_purges_it_with_its_objects_later() {
        Document keep = core.createWith("keep");
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        core.dossier.restoreVersion().restoreVersion(
                new RestoreVersionUseCase.Command(core.alice, document.id(), VersionNumber.FIRST));
        assertEquals(3, core.objects().size());

        core.dossier.deleteDocument().delete(core.alice, document.id());

        assertThrows(DocumentException.NotFound.class, () -> core.dossier.getDocument().get(core.alice, document.id()));
        assertEquals(3, core.objects().size(), "restorable: its objects stay while it is in the trash");
        assertThrows(DocumentException.NotFound.class,
                () -> core.dossier.deleteDocument().delete(core.alice, document.id()));
        assertEquals(1, core.dossier.getDocument().count(core.alice));

        core.clock.advance(java.time.Duration.ofDays(30).plusMinutes(1));
        var report = core.dossier.sweeper().sweep();
        assertEquals(1, report.documentsPurged());
        assertEquals(List.of(keep.currentVersion().orElseThrow().content().storageKey()), core.objects());
        assertEquals(0, core.dossier.keepRecords().trash(core.alice, 0, 10).total());
    }
}
