package io.dossier.adapter.extraction;

import io.dossier.application.port.out.TextExtractor.Extraction;
import io.dossier.application.port.out.TextExtractor.Outcome;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Tika on real files, in a JVM with a 256 MiB heap (see the pom): each format gives its
 * words, and every hostile file ends as a failed or truncated text, never as an exception.
 */
class TikaTextExtractorTest {
    private static final String WORDS = "Quarterly report Zaunkoenig";
    private final TikaTextExtractor tika = new TikaTextExtractor(TikaTextExtractor.Limits.DEFAULT);

    private record Result(Extraction extraction, String text) {
    }

    private static Result extract(TikaTextExtractor extractor, byte[] content, String type, String name) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Extraction extraction = extractor.extract(new ByteArrayInputStream(content), type, name, text);
        return new Result(extraction, text.toString(StandardCharsets.UTF_8));
    }

    private Result extract(byte[] content, String type, String name) {
        return extract(tika, content, type, name);
    }

    private void assertText(byte[] content, String type, String name) {
        Result result = extract(content, type, name);
        assertEquals(Outcome.TEXT, result.extraction().outcome(), name + ": " + result.extraction().note());
        assertTrue(result.text().contains("Zaunkoenig"), name + " gave: " + result.text());
    }

    @Test
    void every_common_format_gives_its_text() {
        assertText(Files.pdf(2, WORDS), "application/pdf", "report.pdf");
        assertText(Files.docx(WORDS), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "report.docx");
        assertText(Files.xlsx(WORDS), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "report.xlsx");
        assertText(Files.pptx(WORDS), "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "report.pptx");
        assertText(Files.odt(WORDS), "application/vnd.oasis.opendocument.text", "report.odt");
        assertText(Files.rtf(WORDS), "application/rtf", "report.rtf");
        assertText(WORDS.getBytes(StandardCharsets.UTF_8), "text/plain", "report.txt");
    }

    @Test
    void html_gives_its_visible_text_only() {
        Result result = extract(Files.html(WORDS), "text/html", "page.html");
        assertEquals(Outcome.TEXT, result.extraction().outcome());
        assertTrue(result.text().contains("Zaunkoenig"), result.text());
        assertFalse(result.text().contains("scriptword"), "scripts are no text: " + result.text());
    }

    @Test
    void an_email_stored_as_upload_bin_gives_its_subject_and_body() {
        // As in the enaio example: message/rfc822 under a file name that says nothing.
        Result result = extract(Files.email(WORDS), "message/rfc822", "upload.bin");
        assertEquals(Outcome.TEXT, result.extraction().outcome(), String.valueOf(result.extraction().note()));
        assertTrue(result.text().contains("Zaunkoenig"), result.text());
    }

    @Test
    void an_image_gives_its_metadata() {
        Result result = extract(Files.png(31, 17), "image/png", "scan.png");
        assertEquals(Outcome.TEXT, result.extraction().outcome(), String.valueOf(result.extraction().note()));
        assertTrue(result.text().contains("31") && result.text().contains("17"), result.text());
    }

    @Test
    void content_without_text_is_said_to_have_none() {
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        Result result = extract(noise, "application/octet-stream", "blob.bin");
        assertEquals(Outcome.NO_TEXT, result.extraction().outcome(), result.text());
        assertTrue(result.extraction().note().orElseThrow().contains("no text"));
    }

    @Test
    void a_long_text_is_cut_at_the_cap_and_said_so() {
        TikaTextExtractor small = new TikaTextExtractor(new TikaTextExtractor.Limits(1 << 20, Duration.ofSeconds(30),
                1000));
        byte[] long_ = "word ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        Result result = extract(small, long_, "text/plain", "long.txt");
        assertEquals(Outcome.TRUNCATED, result.extraction().outcome());
        assertEquals(1000, result.text().length());
        assertTrue(result.extraction().note().orElseThrow().contains("1000"));
    }

    @Test
    void a_zip_bomb_ends_truncated_or_failed() {
        byte[] bomb = Files.zipBomb(300);
        assertTrue(bomb.length < 2 * 1024 * 1024, "small on disk: " + bomb.length);
        Result result = extract(bomb, "application/zip", "bomb.zip");
        assertTrue(result.extraction().outcome() == Outcome.TRUNCATED || result.extraction().outcome() == Outcome.FAILED,
                result.extraction().toString());
        assertTrue(result.text().length() <= TikaTextExtractor.Limits.DEFAULT.maxTextChars());
    }

    @Test
    void a_five_thousand_page_pdf_is_read_within_the_heap() {
        byte[] pdf = Files.pdf(5000, WORDS);
        Result result = extract(pdf, "application/pdf", "huge.pdf");
        assertTrue(result.extraction().outcome() == Outcome.TEXT || result.extraction().outcome() == Outcome.TRUNCATED,
                result.extraction().toString());
        assertTrue(result.text().contains("page 4999"), "the last pages too");
    }

    @Test
    void a_slow_extraction_is_abandoned_at_the_time_limit() {
        TikaTextExtractor hasty = new TikaTextExtractor(new TikaTextExtractor.Limits(1 << 30, Duration.ofMillis(200),
                4_000_000));
        // A reader that stalls: as if a parser took forever on it.
        InputStream stalling = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IOException("interrupted");
                }
                return -1;
            }
        };
        long started = System.nanoTime();
        Extraction extraction = hasty.extract(stalling, "text/plain", "slow.txt", new ByteArrayOutputStream());
        assertEquals(Outcome.FAILED, extraction.outcome());
        assertTrue(extraction.note().orElseThrow().contains("longer than"), extraction.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
    }

    @Test
    void an_encrypted_pdf_fails_and_says_why() {
        Result result = extract(Files.encryptedPdf(WORDS), "application/pdf", "secret.pdf");
        assertEquals(Outcome.FAILED, result.extraction().outcome(), result.text());
        assertTrue(result.extraction().note().orElseThrow().contains("encrypted"), result.extraction().toString());
    }

    @Test
    void a_corrupt_docx_fails_and_says_why() {
        byte[] docx = Files.docx(WORDS);
        byte[] corrupt = Arrays.copyOf(docx, docx.length / 2);
        Result result = extract(corrupt, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "broken.docx");
        assertTrue(result.extraction().outcome() == Outcome.FAILED || result.extraction().outcome() == Outcome.NO_TEXT,
                result.extraction().toString());
        assertTrue(result.extraction().note().isPresent());
    }

    @Test
    void a_file_that_claims_another_type_is_read_as_what_it_is() {
        Result result = extract(Files.docx(WORDS), "application/pdf", "report.pdf");
        assertEquals(Outcome.TEXT, result.extraction().outcome(), String.valueOf(result.extraction().note()));
        assertTrue(result.text().contains("Zaunkoenig"), result.text());
    }

    @Test
    void a_failing_store_is_told_apart_from_a_bad_file() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by the store");
            }
        };
        assertThrows(UncheckedIOException.class,
                () -> tika.extract(broken, "application/pdf", "x.pdf", new ByteArrayOutputStream()));
    }
}
