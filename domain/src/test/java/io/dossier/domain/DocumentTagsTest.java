package io.dossier.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static io.dossier.domain.Examples.AUTHOR;
import static io.dossier.domain.Examples.at;
import static io.dossier.domain.Examples.content;
import static io.dossier.domain.Examples.newDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentTagsTest {

    private static List<String> tagNames(Document document) {
        return document.tags().stream().map(Tag::name).toList();
    }

    private static Document withContent() {
        Document document = newDocument(Visibility.PRIVATE);
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, at(1), Optional.empty());
        return document;
    }

    @Test
    void replacing_content_keeps_resistant_tags_and_drops_every_other_tag() {
        Document document = withContent();
        document.tag("status:resistant", 7, at(2), "trace-1");
        document.tag("review", 1, at(2), "");
        document.tag("resistant", 1, at(2), "");
        document.tag("ocr:resistantx", 1, at(2), "");

        document.replaceContent(content("two"), Optional.empty(), AUTHOR, at(3), Optional.empty());

        assertEquals(List.of("status:resistant"), tagNames(document));
        Tag kept = document.tag("status:resistant").orElseThrow();
        assertEquals(7, kept.state());
        assertEquals(at(2), kept.createdAt());
        assertEquals("trace-1", kept.traceId());
    }

    @Test
    void restoring_an_old_version_treats_tags_like_a_replacement() {
        Document document = withContent();
        document.replaceContent(content("two"), Optional.empty(), AUTHOR, at(2), Optional.empty());
        document.tag("a:resistant", 1, at(3), "");
        document.tag("b", 1, at(3), "");

        document.restoreVersion(VersionNumber.FIRST, AUTHOR, at(4));

        assertEquals(List.of("a:resistant"), tagNames(document));
    }

    @Test
    void a_metadata_change_keeps_all_tags() {
        Document document = withContent();
        document.tag("a:resistant", 1, at(2), "");
        document.tag("b", 2, at(2), "");

        document.changeMetadata(Metadata.named("Renamed"), AUTHOR, at(3));

        assertEquals(List.of("a:resistant", "b"), tagNames(document));
    }

    @Test
    void tagging_and_untagging_make_no_version() {
        Document document = withContent();

        document.tag("review", 1, at(2), "");
        document.tag("review", 2, at(3), "");
        assertTrue(document.untag("review"));

        assertEquals(1, document.versions().size());
    }

    @Test
    void tagging_again_changes_the_state_of_the_existing_tag() {
        Document document = withContent();
        document.tag("review", 1, at(2), "");

        document.tag("review", -5, at(3), "t2");

        assertEquals(1, document.tags().size());
        assertEquals(-5, document.tag("review").orElseThrow().state());
        assertEquals(at(3), document.tag("review").orElseThrow().createdAt());
    }

    @Test
    void states_are_any_integer() {
        Document document = newDocument(Visibility.PRIVATE);
        document.tag("min", Integer.MIN_VALUE, at(1), "");
        document.tag("max", Integer.MAX_VALUE, at(1), "");

        assertEquals(Integer.MIN_VALUE, document.tag("min").orElseThrow().state());
        assertEquals(Integer.MAX_VALUE, document.tag("max").orElseThrow().state());
    }

    @Test
    void untagging_a_missing_tag_reports_false() {
        assertFalse(withContent().untag("nothing"));
    }

    @Test
    void a_document_has_at_most_50_tags() {
        Document document = withContent();
        for (int i = 0; i < Document.MAX_TAGS; i++) {
            document.tag("t" + (char) ('a' + i / 26) + (char) ('a' + i % 26), i, at(2), "");
        }
        assertEquals(50, document.tags().size());

        assertThrows(DocumentException.InvalidInput.class, () -> document.tag("onetoomany", 0, at(3), ""));
        document.tag("taa", 99, at(3), "");

        assertEquals(50, document.tags().size());
        assertEquals(99, document.tag("taa").orElseThrow().state());
        assertTrue(document.tag("onetoomany").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "review", "status:resistant", "a:b:c", "ab1", "x:y2z:resistant", "abc:d0e9",
            "tax-2024", "Invoice", "to_review", "steuerä", "1a", "a1", "a.b", "a:1", "Überprüfung:resistant",
            "請求書", "счёт-2024"})
    void good_tag_names_are_accepted(String name) {
        Document document = newDocument(Visibility.PRIVATE);
        assertEquals(name, document.tag(name, 0, at(1), "").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":a", "a:", "a::b", "a b", " a", "a ", "-a", "_a", ".a", "a:-b", "a/b", "a\\b",
            "a\u202Eb", "a\tb", "a?b", "a#b", "a%2Fb"})
    void bad_tag_names_are_refused(String name) {
        Document document = newDocument(Visibility.PRIVATE);
        assertThrows(DocumentException.InvalidInput.class, () -> document.tag(name, 0, at(1), ""));
        assertThrows(DocumentException.InvalidInput.class, () -> new Tag(name, 0, at(1), ""));
        assertTrue(document.tags().isEmpty());
    }

    @Test
    void tag_names_have_at_most_128_characters() {
        String longest = "a".repeat(Tag.MAX_NAME_LENGTH);
        Document document = newDocument(Visibility.PRIVATE);

        assertEquals(longest, document.tag(longest, 0, at(1), "").name());
        assertThrows(DocumentException.InvalidInput.class, () -> document.tag(longest + "a", 0, at(1), ""));
    }

    @Test
    void a_name_typed_in_two_unicode_spellings_is_one_tag() {
        Document document = newDocument(Visibility.PRIVATE);
        document.tag("steuer\u00e4", 1, at(1), "");
        document.tag("steuera\u0308", 2, at(2), "");
        assertEquals(1, document.tags().size());
        assertEquals(2, document.tag("steuera\u0308").orElseThrow().state());
        assertTrue(document.untag("steuer\u00e4"));
    }

    @Test
    void a_null_tag_name_is_invalid_input() {
        assertThrows(DocumentException.InvalidInput.class, () -> Tag.checkName(null));
    }
}
