package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {
    private static final String DIGEST = "A".repeat(64);

    @Test
    void a_content_ref_keeps_its_digest_lower_case_and_shows_it_upper_case() {
        ContentRef ref = new ContentRef("default", "acme/d/S", 3, "Text/Plain", "a.txt", DIGEST, "S");

        assertEquals("a".repeat(64), ref.sha256());
        assertEquals("text/plain", ref.mediaType());
    }

    @Test
    void a_content_ref_refuses_a_digest_that_is_not_64_hex_characters() {
        assertThrows(DocumentException.InvalidInput.class,
                () -> new ContentRef("default", "k", 3, "text/plain", "a.txt", "abc", "S"));
        assertThrows(DocumentException.InvalidInput.class,
                () -> new ContentRef("default", "k", 3, "text/plain", "a.txt", "g".repeat(64), "S"));
    }

    @Test
    void file_names_never_look_like_paths() {
        assertThrows(DocumentException.InvalidInput.class, () -> FileNames.check("../etc/passwd"));
        assertThrows(DocumentException.InvalidInput.class, () -> FileNames.check("a\\b"));
        assertThrows(DocumentException.InvalidInput.class, () -> FileNames.check(".."));
        assertEquals("Befund 2026.pdf", FileNames.check("Befund 2026.pdf"));
    }

    @Test
    void magic_bytes_decide_whether_content_is_what_it_claims() {
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        byte[] text = "hello".getBytes(StandardCharsets.US_ASCII);

        assertTrue(MediaTypes.matchesSignature("application/pdf", pdf));
        assertFalse(MediaTypes.matchesSignature("application/pdf", text));
        assertTrue(MediaTypes.matchesSignature("text/plain", text));
        assertEquals("application/pdf", MediaTypes.sniff(pdf).orElseThrow());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"text/plain; charset=", "text/plain; =x",
            "text/plain; a=b c", "text/plain; charset=\"utf-8", "text/plain; charset=utf-8; CHARSET=latin1",
            "text/plain; a=\"x\"y", "text/plain; a", "text/plain; charset=ütf-8"})
    void a_declared_media_type_with_a_malformed_or_repeated_parameter_is_refused(String type) {
        assertThrows(DocumentException.InvalidInput.class, () -> MediaTypes.wellFormed(type));
        // Read back from storage, a type stored before the check existed still opens.
        assertEquals(type.substring(0, type.indexOf(';')), MediaTypes.essence(type));
    }

    @Test
    void well_formed_parameters_are_kept_as_sent() {
        for (String type : new String[]{"text/plain; charset=utf-8", "TEXT/Plain;charset=\"UTF-8\"",
                "application/vnd.a+b; x=\"y z\"; q=\"a\\\"b\"", "text/plain;;", "text/plain ; a=b ;"}) {
            assertEquals(MediaTypes.normalize(type), MediaTypes.wellFormed(type), type);
        }
        assertEquals("text/plain;charset=\"UTF-8\"", MediaTypes.wellFormed("TEXT/Plain;charset=\"UTF-8\""));
    }

    @Test
    void metadata_refuses_a_property_without_a_value_and_merges_with_removals() {
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("a", null);
        assertThrows(DocumentException.InvalidInput.class, () -> new Metadata("n", "", withNull));

        Metadata before = new Metadata("n", "", java.util.Map.of("a", "1", "b", "2"));
        Metadata after = before.with(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Map.of("c", "3"), java.util.Set.of("a", "unknown"));
        assertEquals(java.util.Map.of("b", "2", "c", "3"), after.properties());
        assertEquals(java.util.Map.of("a", "1", "b", "2"), before.properties(), "the old metadata is untouched");
    }

    @Test
    void text_no_store_can_keep_is_refused_and_line_breaks_are_kept() {
        for (String bad : new String[]{"a\u0000b", "a\ud800b", "\udc00", "end\ud83d"}) {
            assertThrows(DocumentException.InvalidInput.class, () -> new Metadata("n", bad, java.util.Map.of()), bad);
            assertThrows(DocumentException.InvalidInput.class,
                    () -> new Metadata("n", "", java.util.Map.of("k", bad)), bad);
            assertThrows(DocumentException.InvalidInput.class, () -> Metadata.named(bad), bad);
            assertThrows(DocumentException.InvalidInput.class,
                    () -> new Tag("t", 1, java.time.Instant.EPOCH, bad), bad);
        }
        assertEquals("Zeile 1\n\tZeile 2 \ud83d\ude00", new Metadata("n", "Zeile 1\n\tZeile 2 \ud83d\ude00",
                java.util.Map.of()).description());
    }
}
