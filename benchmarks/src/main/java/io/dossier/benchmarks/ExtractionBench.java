package io.dossier.benchmarks;

import io.dossier.adapter.extraction.TikaTextExtractor;
import io.dossier.application.port.out.TextExtractor;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Extraction time of a 10 MiB PDF and a 1 MiB DOCX with the service's extractor and limits,
 * files made here from generated words. The first round (class loading, JIT) is reported apart.
 */
final class ExtractionBench {
    private static final String[] WORDS = ("archive invoice contract patient report quarterly meeting budget "
            + "delivery customer supplier project document version content storage search index letter "
            + "policy insurance claim payment account balance summary review approval signature").split(" ");

    private ExtractionBench() {
    }

    static void run(int rounds) throws IOException {
        byte[] pdf = pdf(10 * 1024 * 1024);
        byte[] docx = docx(1024 * 1024);
        System.out.printf("files: PDF %.1f MiB, DOCX %.1f MiB%n", pdf.length / 1048576.0, docx.length / 1048576.0);
        TikaTextExtractor tika = new TikaTextExtractor(TikaTextExtractor.Limits.DEFAULT);
        measure(tika, "PDF 10 MiB", pdf, "application/pdf", rounds);
        measure(tika, "DOCX 1 MiB", docx,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", rounds);
    }

    private static void measure(TikaTextExtractor tika, String what, byte[] file, String type, int rounds) {
        long[] millis = new long[rounds];
        long first = 0;
        TextExtractor.Extraction last = null;
        long chars = 0;
        for (int i = -1; i < rounds; i++) {
            CountingStream text = new CountingStream();
            long started = System.nanoTime();
            last = tika.extract(new ByteArrayInputStream(file), type, "bench", text);
            long took = (System.nanoTime() - started) / 1_000_000;
            if (i < 0) {
                first = took;
            } else {
                millis[i] = took;
            }
            chars = text.count;
        }
        Arrays.sort(millis);
        System.out.printf("%s: first %d ms, then median %d ms, min %d ms over %d rounds; %s, %.1f MiB of text%n",
                what, first, millis[rounds / 2], millis[0], rounds, last.outcome(), chars / 1048576.0);
    }

    private static String line(Random random, int words) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < words; i++) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return line.toString().strip();
    }

    /** Pages of text lines until the file is at least {@code size} bytes. */
    static byte[] pdf(int size) throws IOException {
        Random random = new Random(1);
        int pages = 200;
        while (true) {
            byte[] made = pdfOf(pages, random);
            if (made.length >= size) {
                return made;
            }
            pages = (int) Math.ceil(pages * (size * 1.05 / made.length));
        }
    }

    private static byte[] pdfOf(int pages, Random random) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                    stream.beginText();
                    stream.setFont(font, 9);
                    stream.setLeading(11);
                    stream.newLineAtOffset(40, 750);
                    for (int l = 0; l < 60; l++) {
                        stream.showText(line(random, 12));
                        stream.newLine();
                    }
                    stream.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    static byte[] docx(int size) throws IOException {
        Random random = new Random(2);
        int paragraphs = 500;
        while (true) {
            try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                for (int i = 0; i < paragraphs; i++) {
                    document.createParagraph().createRun().setText(line(random, 40));
                }
                document.write(out);
                if (out.size() >= size) {
                    return out.toByteArray();
                }
                paragraphs = (int) Math.ceil(paragraphs * (size * 1.05 / out.size()));
            }
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
