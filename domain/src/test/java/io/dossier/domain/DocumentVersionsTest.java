package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dossier.domain.Examples.AUTHOR;
import static io.dossier.domain.Examples.OTHER_AUTHOR;
import static io.dossier.domain.Examples.at;
import static io.dossier.domain.Examples.content;
import static io.dossier.domain.Examples.newDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentVersionsTest {

    private static List<Integer> numbers(Document document) {
        return document.versions().stream().map(v -> v.number().value()).toList();
    }

    @Test
    void a_document_created_without_content_has_no_version() {
        Document document = newDocument(Visibility.PRIVATE);

        assertTrue(document.versions().isEmpty());
        assertTrue(document.currentVersion().isEmpty());
        assertTrue(document.version(VersionNumber.FIRST).isEmpty());
    }

    @Test
    void changing_metadata_before_any_content_makes_no_version_but_changes_the_document() {
        Document document = newDocument(Visibility.PRIVATE);

        Optional<Version> made = document.changeMetadata(Metadata.named("Renamed"), AUTHOR, at(1));

        assertTrue(made.isEmpty());
        assertTrue(document.versions().isEmpty());
        assertEquals("Renamed", document.metadata().name());
        assertEquals(at(1), document.lastModifiedAt());
    }

    @Test
    void the_first_content_makes_version_1() {
        Document document = newDocument(Visibility.PRIVATE);

        Version first = document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());

        assertEquals(1, first.number().value());
        assertEquals(content("one"), first.content());
        assertEquals(at(1), first.createdAt());
        assertEquals(AUTHOR, first.author());
        assertEquals(Optional.of(first), document.currentVersion());
        assertTrue(first.basedOn().isEmpty());
    }

    @Test
    void replacing_content_changing_metadata_and_restoring_each_make_the_next_version_without_gaps() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());
        document.replaceContent(content("two"), Optional.empty(), AUTHOR, at(2), Optional.empty());
        Optional<Version> renamed = document.changeMetadata(Metadata.named("Renamed"), AUTHOR, at(3));
        Version restored = document.restoreVersion(VersionNumber.FIRST, OTHER_AUTHOR, at(4));
        document.replaceContent(content("three"), Optional.of(Metadata.named("Third")), AUTHOR, at(5),
                Optional.empty());

        assertEquals(List.of(1, 2, 3, 4, 5), numbers(document));
        assertEquals(3, renamed.orElseThrow().number().value());
        assertEquals(4, restored.number().value());
        assertEquals(5, document.currentVersion().orElseThrow().number().value());
    }

    @Test
    void a_metadata_change_keeps_the_content_and_records_the_new_metadata() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());

        Version renamed = document.changeMetadata(new Metadata("Renamed", "about", Map.of("k", "v")), OTHER_AUTHOR,
                at(2)).orElseThrow();

        assertEquals(content("one"), renamed.content());
        assertEquals("Renamed", renamed.metadata().name());
        assertEquals(Map.of("k", "v"), renamed.metadata().properties());
        assertEquals(OTHER_AUTHOR, renamed.author());
        assertEquals(Optional.of(VersionNumber.FIRST), renamed.basedOn());
    }

    @Test
    void restoring_takes_the_old_content_and_says_where_it_came_from() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());
        document.replaceContent(content("two"), Optional.empty(), AUTHOR, at(2), Optional.empty());

        Version restored = document.restoreVersion(VersionNumber.FIRST, OTHER_AUTHOR, at(3));

        assertEquals(content("one"), restored.content());
        assertEquals(Optional.of(VersionNumber.FIRST), restored.restoredFrom());
        assertEquals(Optional.of(VersionNumber.of(2)), restored.basedOn());
        assertEquals(OTHER_AUTHOR, restored.author());
    }

    @Test
    void restoring_a_version_that_does_not_exist_is_not_found_and_changes_nothing() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());

        assertThrows(DocumentException.NotFound.class,
                () -> document.restoreVersion(VersionNumber.of(2), AUTHOR, at(2)));
        assertEquals(List.of(1), numbers(document));
    }

    @Test
    void a_version_never_changes_after_it_exists() {
        Document document = newDocument(Visibility.PUBLIC);
        Map<String, String> properties = new java.util.HashMap<>(Map.of("colour", "red"));
        document.replaceContent(content("one"), Optional.of(new Metadata("First", "d", properties)), AUTHOR, at(1),
                Optional.empty());
        Version first = document.version(VersionNumber.FIRST).orElseThrow();
        Version snapshot = new Version(first.number(), first.content(), first.metadata(), first.createdAt(),
                first.author(), first.basedOn(), first.restoredFrom());

        properties.put("colour", "blue");
        document.changeMetadata(Metadata.named("Second"), OTHER_AUTHOR, at(2));
        document.replaceContent(content("two"), Optional.of(Metadata.named("Third")), OTHER_AUTHOR, at(3),
                Optional.empty());
        document.tag("status:resistant", 2, at(4), "t");
        document.restoreVersion(VersionNumber.FIRST, OTHER_AUTHOR, at(5));
        document.changeVisibility(Visibility.PRIVATE, at(6));

        assertEquals(snapshot, document.version(VersionNumber.FIRST).orElseThrow());
        assertEquals("red", document.version(VersionNumber.FIRST).orElseThrow().metadata().properties().get("colour"));
        assertEquals("Second", document.version(VersionNumber.of(2)).orElseThrow().metadata().name());
    }

    @Test
    void the_version_list_handed_out_cannot_be_changed() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());
        List<Version> versions = document.versions();

        assertThrows(UnsupportedOperationException.class, versions::clear);
        assertThrows(UnsupportedOperationException.class, () -> versions.get(0).metadata().properties().put("k", "v"));
        assertEquals(1, document.versions().size());
    }

    @Test
    void stored_versions_with_a_gap_are_refused() {
        Version first = new Version(VersionNumber.FIRST, content("one"), Metadata.named("a"), at(1), AUTHOR,
                Optional.empty(), Optional.empty());
        Version third = new Version(VersionNumber.of(3), content("three"), Metadata.named("a"), at(3), AUTHOR,
                Optional.empty(), Optional.empty());

        assertThrows(IllegalStateException.class, () -> Document.restore(new Document.Snapshot(Examples.DOCUMENT_ID, 1,
                Examples.TENANT, Filing.UNFILED, Metadata.named("a"), Visibility.PRIVATE, at(0), AUTHOR, at(3),
                List.of(first, third), List.of(), List.of(), 4)));
    }

    @Test
    void a_change_based_on_a_version_that_does_not_exist_is_refused() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());

        assertThrows(DocumentException.InvalidInput.class, () -> document.replaceContent(content("two"),
                Optional.empty(), AUTHOR, at(2), Optional.of(VersionNumber.of(5))));
        assertEquals(List.of(1), numbers(document));
    }

    @Test
    void version_numbers_start_at_1() {
        assertThrows(DocumentException.InvalidInput.class, () -> VersionNumber.of(0));
        assertEquals(2, VersionNumber.FIRST.next().value());
    }

    @Test
    void the_version_introducing_a_content_stream_is_the_first_that_stored_it_not_a_restore() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());
        document.replaceContent(content("two"), Optional.empty(), AUTHOR, at(2), Optional.empty());
        document.restoreVersion(VersionNumber.FIRST, AUTHOR, at(3));

        assertEquals(1, document.versionIntroducing(content("one").contentStreamId()).orElseThrow().number().value());
        assertEquals(2, document.versionIntroducing(content("two").contentStreamId()).orElseThrow().number().value());
        assertTrue(document.versionIntroducing("unknown").isEmpty());
    }
}
