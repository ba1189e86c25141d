package io.dossier.adapter.extraction;

import io.dossier.application.port.out.TextExtractor;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.sax.BodyContentHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Text extraction with Apache Tika's standard parsers: PDF, Office (OOXML and the old binary
 * formats), ODF, RTF, HTML, plain text, e-mail, archives (their entries' text) and the metadata
 * of images. Hostile input is contained: content above {@link Limits#maxContentBytes()} is not
 * read; a parse runs on its own thread and is abandoned after {@link Limits#timeout()} (its
 * reads and writes fail from then on, so it ends soon); the text stops at
 * {@link Limits#maxTextChars()} (truncated, and said so); Tika's own guard stops archives whose
 * text grows out of all proportion to their size (zip bombs). OCR is off. The parsers load on
 * first use, so that a service starts fast.
 */
public final class TikaTextExtractor implements TextExtractor {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * @param maxContentBytes the longest content that is extracted
     * @param timeout         how long one extraction may take
     * @param maxTextChars    where the text is cut
     */
    public record Limits(long maxContentBytes, Duration timeout, int maxTextChars) {
        public static final Limits DEFAULT = new Limits(64L * 1024 * 1024, Duration.ofSeconds(60), 4_000_000);

        public Limits {
            if (maxContentBytes < 1 || timeout.isNegative() || timeout.isZero() || maxTextChars < 1) {
                throw new IllegalArgumentException("extraction limits must be positive");
            }
        }
    }

    private final Limits limits;
    private volatile AutoDetectParser parser;

    public TikaTextExtractor(Limits limits) {
        this.limits = limits;
    }

    @Override
    public String maker() {
        String version = Parser.class.getPackage().getImplementationVersion();
        return "tika-" + (version == null ? "3" : version);
    }

    @Override
    public long maxContentBytes() {
        return limits.maxContentBytes();
    }

    @Override
    public Extraction extract(InputStream content, String mediaType, String fileName, OutputStream text) {
        GuardedInput input = new GuardedInput(content);
        CappedWriter writer = new CappedWriter(new OutputStreamWriter(text, StandardCharsets.UTF_8),
                limits.maxTextChars());
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, mediaType);
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        CompletableFuture<Void> parse = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                parse(input, writer, metadata);
                parse.complete(null);
            } catch (Throwable t) {
                parse.completeExceptionally(t);
            }
        }, "dossier-extract-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        try {
            parse.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            writer.flush();
        } catch (TimeoutException e) {
            input.abandon();
            writer.abandon();
            thread.interrupt();
            return Extraction.of(Outcome.FAILED, "extraction took longer than " + limits.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            input.abandon();
            writer.abandon();
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while extracting"));
        } catch (ExecutionException e) {
            return failure(e.getCause(), input, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the text failed", e);
        }
        if (writer.written() == 0 && parsedByNothing(metadata)) {
            return Extraction.of(Outcome.NO_TEXT, "content of type " + detected(metadata, mediaType) + " has no text");
        }
        return Extraction.text();
    }

    private Extraction failure(Throwable cause, GuardedInput input, CappedWriter writer) {
        if (input.failure().isPresent()) {
            // The store failed, not the file: worth another try.
            throw new UncheckedIOException("reading the content failed", input.failure().get());
        }
        if (writer.capReached()) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing the text failed", e);
            }
            return Extraction.of(Outcome.TRUNCATED, "the text was cut at " + limits.maxTextChars() + " characters");
        }
        if (cause instanceof OutOfMemoryError) {
            return Extraction.of(Outcome.FAILED, "the content needs more memory than extraction may use");
        }
        if (has(cause, EncryptedDocumentException.class)) {
            return Extraction.of(Outcome.FAILED, "the document is encrypted");
        }
        String message = rootMessage(cause);
        return Extraction.of(Outcome.FAILED, "the content could not be read as text: " + message);
    }

    private void parse(InputStream input, Writer writer, Metadata metadata) throws Exception {
        AutoDetectParser tika = parser();
        ParseContext context = new ParseContext();
        context.set(Parser.class, tika); // the text of attachments and archive entries too
        TesseractOCRConfig noOcr = new TesseractOCRConfig();
        noOcr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, noOcr);
        try (TikaInputStream stream = TikaInputStream.get(new ShieldedInput(input))) {
            tika.parse(stream, new BodyContentHandler(writer), metadata, context);
        }
        String type = metadata.get(Metadata.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/")) {
            // An image's text is what it says about itself.
            for (String name : sorted(metadata.names())) {
                if (!name.startsWith("X-TIKA") && !name.equals(TikaCoreProperties.RESOURCE_NAME_KEY)) {
                    writer.write(name + ": " + String.join(", ", metadata.getValues(name)) + "\n");
                }
            }
        }
    }

    private AutoDetectParser parser() {
        AutoDetectParser loaded = parser;
        if (loaded == null) {
            synchronized (this) {
                loaded = parser;
                if (loaded == null) {
                    loaded = new AutoDetectParser();
                    parser = loaded;
                }
            }
        }
        return loaded;
    }

    private static String[] sorted(String[] names) {
        String[] copy = names.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static boolean parsedByNothing(Metadata metadata) {
        String[] parsers = metadata.getValues(TikaCoreProperties.TIKA_PARSED_BY);
        return Arrays.stream(parsers).allMatch(p -> p.endsWith("EmptyParser") || p.endsWith("DefaultParser"));
    }

    private static String detected(Metadata metadata, String declared) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        return type == null ? declared : type;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    /** The content as the parser reads it: failures of the store are told apart from the file's. */
    private static final class GuardedInput extends InputStream {
        private final InputStream in;
        private volatile boolean abandoned;
        private volatile IOException failure;

        GuardedInput(InputStream in) {
            this.in = in;
        }

        void abandon() {
            abandoned = true;
        }

        Optional<IOException> failure() {
            return Optional.ofNullable(failure);
        }

        private void check() throws IOException {
            if (abandoned) {
                throw new IOException("extraction abandoned");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Keeps the parser from closing the caller's stream (whoever opens a stream closes it). */
    private static final class ShieldedInput extends java.io.FilterInputStream {
        ShieldedInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** Counts what is written and stops at the cap; after abandon() every write fails. */
    private static final class CappedWriter extends Writer {
        private final Writer out;
        private final long cap;
        private long written;
        private volatile boolean capReached;
        private volatile boolean abandoned;

        CappedWriter(Writer out, long cap) {
            this.out = out;
            this.cap = cap;
        }

        long written() {
            return written;
        }

        boolean capReached() {
            return capReached;
        }

        void abandon() {
            abandoned = true;
        }

        @Override
        public synchronized void write(char[] chars, int off, int len) throws IOException {
            if (abandoned) {
                throw new IOException("extraction abandoned");
            }
            long room = cap - written;
            if (len > room) {
                out.write(chars, off, (int) room);
                written = cap;
                capReached = true;
                throw new IOException("the text reached its cap of " + cap + " characters");
            }
            out.write(chars, off, len);
            written += len;
        }

        @Override
        public synchronized void flush() throws IOException {
            if (!abandoned) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
