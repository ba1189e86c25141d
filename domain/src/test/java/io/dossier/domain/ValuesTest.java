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
}
