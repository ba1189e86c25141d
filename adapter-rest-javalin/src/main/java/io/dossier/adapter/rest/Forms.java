package io.dossier.adapter.rest;

import io.dossier.application.port.in.NewContent;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A multipart form with one file part, read in one pass (ADR 0014). When the fields come before
 * the file and the body's length is declared, the file part goes to the store as it arrives, in
 * one request of a length reckoned from the body's: the form must then end right after the file,
 * which is checked before its last byte is handed on. Any other form (fields after the file, a
 * different ending, a chunked body) is spooled to disk first and then handed on, as every form
 * used to be. The streamed bytes are written to a spool file as well: when the form turns out
 * otherwise only at its end, nothing the client sent is lost, and the request is taken the
 * spooled way. The file is deleted as soon as the request is answered, so those pages seldom
 * reach the disk.
 */
final class Forms {
    /** Parts besides the file: each costs a little heap, so a body of a million empty fields is refused. */
    static final int MAX_PARTS = 1000;

    private Forms() {
    }

    /** One file of a form. */
    record File(Optional<String> fileName, Optional<String> mediaType, InputStream data, OptionalLong length) {
    }

    /** A form's file as content; the file name comes from the part unless given. */
    static NewContent content(File file, Optional<String> fileName, long maxBytes) {
        String mediaType = file.mediaType().filter(t -> !t.isBlank()).orElse(Uploads.DEFAULT_MEDIA_TYPE);
        String name = fileName.filter(n -> !n.isBlank())
                .or(() -> file.fileName().filter(n -> !n.isBlank()))
                .orElse(Uploads.DEFAULT_FILE_NAME);
        if (file.length().isPresent() && file.length().getAsLong() > maxBytes) {
            throw new HttpProblem(413, "the file has " + file.length().getAsLong() + " bytes; this endpoint takes at "
                    + "most " + Uploads.describe(maxBytes));
        }
        NewContent content = NewContent.of(file.data(), Uploads.checkedName(name), mediaType, maxBytes);
        return file.length().isPresent() ? content.withLength(file.length().getAsLong()) : content;
    }

    /** The fields of a form, by name; the first value of a name that was sent more than once. */
    interface Fields {
        Optional<String> get(String name);
    }

    /**
     * Reads the form and calls {@code use} with its fields and its part {@code fileField}, if
     * sent. {@code use} may be called twice, the first time with the fields before the file only:
     * when it fails because the form did not end with the file, nothing of that call was kept,
     * and it is called again with all fields and the spooled file.
     *
     * @param needed fields without which the form is not worth streaming (they are read after the file)
     */
    static <T> T read(Context ctx, String fileField, long maxFileBytes, Set<String> needed,
                      BiFunction<Fields, Optional<File>, T> use) {
        Uploads.requireMultipart(ctx, maxFileBytes);
        if (ctx.header("Idempotency-Key") != null) {
            // The idempotency filter has read the form with the server's parser to fingerprint it.
            return parsed(ctx, fileField, use);
        }
        String boundary = MultipartReader.boundary(ctx.contentType());
        Path directory = Path.of(String.valueOf((Object) ctx.attribute(Uploads.SPOOL_DIRECTORY)));
        try (InputStream body = ctx.req().getInputStream();
             Reading form = new Reading(new MultipartReader(body, boundary, maxFileBytes + Uploads.FORM_OVERHEAD,
                     "this endpoint takes a file of at most " + Uploads.describe(maxFileBytes)), fileField, directory,
                     maxFileBytes)) {
            Optional<MultipartReader.Part> file = form.fieldsUntilFile();
            if (file.isEmpty()) {
                return use.apply(form.fields(), Optional.empty());
            }
            OptionalLong predicted = predictedLength(ctx, form.reader);
            if (predicted.isPresent() && predicted.getAsLong() <= maxFileBytes && form.hasAll(needed)) {
                Streamed streamed = form.streamed(predicted.getAsLong());
                try {
                    return use.apply(form.fields(), Optional.of(new File(file.get().fileName(),
                            file.get().contentType(), streamed, predicted)));
                } catch (RuntimeException e) {
                    if (streamed.failure != null) {
                        throw streamed.failure;
                    }
                    if (!streamed.otherwise) {
                        // A refusal may be answered by a field after the file (a name, say): read on and see.
                        if (!isRefusal(e)) {
                            throw e;
                        }
                        form.spoolRest();
                        if (!form.fieldsAfterFile) {
                            throw e;
                        }
                    }
                }
            }
            long length = form.spoolRest();
            try (InputStream spooled = form.spooled()) {
                return use.apply(form.fields(), Optional.of(new File(file.get().fileName(), file.get().contentType(),
                        spooled, OptionalLong.of(length))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    /** A refusal of the request as sent (not a store or database that cannot serve now). */
    private static boolean isRefusal(RuntimeException e) {
        return e instanceof HttpProblem problem ? problem.status() < 500
                : e instanceof io.dossier.domain.DocumentException && !(e instanceof io.dossier.domain.DocumentException.Unavailable);
    }

    /**
     * The file's length if the form ends right after it, as clients write it: CRLF, the closing
     * boundary and a CRLF. Only for a declared length.
     */
    private static OptionalLong predictedLength(Context ctx, MultipartReader reader) {
        String declared = ctx.header("Content-Length");
        if (declared == null || ctx.header("Transfer-Encoding") != null) {
            return OptionalLong.empty();
        }
        long length = Long.parseLong(declared.trim()) - reader.position() - reader.closeLength();
        return length > 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    private static <T> T parsed(Context ctx, String fileField, BiFunction<Fields, Optional<File>, T> use) {
        Fields fields = name -> Optional.ofNullable(ctx.formParam(name));
        Optional<UploadedFile> part = Uploads.filePart(ctx, fileField);
        if (part.isEmpty()) {
            return use.apply(fields, Optional.empty());
        }
        try (InputStream in = part.get().content()) {
            return use.apply(fields, Optional.of(new File(Optional.ofNullable(part.get().filename()),
                    Optional.ofNullable(part.get().contentType()), in,
                    part.get().size() >= 0 ? OptionalLong.of(part.get().size()) : OptionalLong.empty())));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uploaded file failed", e);
        }
    }

    /** One form being read: its fields so far, its spool file. */
    private static final class Reading implements AutoCloseable {
        private final MultipartReader reader;
        private final String fileField;
        private final Path directory;
        private final long maxFileBytes;
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private int fieldBytes;
        private int parts;
        private Optional<MultipartReader.Part> pending = Optional.empty();
        private Path spool;
        private OutputStream tee;
        private long teed;
        private boolean fieldsAfterFile;
        private boolean spooledAll;
        private int fieldCount;

        Reading(MultipartReader reader, String fileField, Path directory, long maxFileBytes) {
            this.reader = reader;
            this.fileField = fileField;
            this.directory = directory;
            this.maxFileBytes = maxFileBytes;
        }

        Fields fields() {
            Map<String, List<String>> now = Map.copyOf(fields);
            return name -> Optional.ofNullable(now.get(name)).map(values -> values.get(0));
        }

        boolean hasAll(Set<String> names) {
            return fields.keySet().containsAll(names);
        }

        /** Reads fields up to the file part (whose content is next), or to the end of the form. */
        Optional<MultipartReader.Part> fieldsUntilFile() throws IOException {
            for (Optional<MultipartReader.Part> part = reader.nextPart(); part.isPresent(); part = reader.nextPart()) {
                if (isTheFile(part.get())) {
                    fieldCount = fields.values().stream().mapToInt(List::size).sum();
                    return part;
                }
                take(part.get());
            }
            return Optional.empty();
        }

        private boolean isTheFile(MultipartReader.Part part) {
            if (!part.name().equals(fileField)) {
                return false;
            }
            if (!part.isFile()) {
                Uploads.refuseFieldAsFile(fileField);
            }
            return true;
        }

        /** A field is kept (first value wins when read); other files are read past. */
        private void take(MultipartReader.Part part) throws IOException {
            if (++parts > MAX_PARTS) {
                throw new HttpProblem(413, "the form has more than " + MAX_PARTS + " parts");
            }
            if (part.isFile()) {
                return; // the next nextPart() skips its content
            }
            byte[] value = readField();
            fields.computeIfAbsent(part.name(), k -> new ArrayList<>())
                    .add(new String(value, StandardCharsets.UTF_8));
        }

        private byte[] readField() throws IOException {
            java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = reader.readContent(chunk, 0, chunk.length)) >= 0; ) {
                fieldBytes += n;
                if (fieldBytes > Uploads.FORM_OVERHEAD) {
                    throw new HttpProblem(413, "the fields of the form have more than "
                            + Uploads.describe(Uploads.FORM_OVERHEAD));
                }
                value.write(chunk, 0, n);
            }
            return value.toByteArray();
        }

        Streamed streamed(long length) {
            return new Streamed(this, length);
        }

        /** Writes what was read of the file to the spool file too. */
        void tee(byte[] b, int off, int n) throws IOException {
            if (tee == null) {
                Files.createDirectories(directory); // removed meanwhile (a cleaner of temporary folders)
                spool = Files.createTempFile(directory, RestApi.SPOOL_PREFIX, ".form");
                tee = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024);
            }
            teed += n;
            if (teed > maxFileBytes) {
                throw new HttpProblem(413, "the file has more than " + maxFileBytes + " bytes; this endpoint takes"
                        + " at most " + Uploads.describe(maxFileBytes));
            }
            tee.write(b, off, n);
        }

        /**
         * The rest of the file into the spool file, then the rest of the form: the file's length.
         * Once read, the same again.
         */
        long spoolRest() throws IOException {
            if (spooledAll) {
                return teed;
            }
            byte[] chunk = new byte[64 * 1024];
            for (int n; (n = reader.readContent(chunk, 0, chunk.length)) >= 0; ) {
                tee(chunk, 0, n);
            }
            if (tee == null) {
                tee(chunk, 0, 0);
            }
            tee.close();
            if (pending.isPresent()) {
                take(pending.get());
                pending = Optional.empty();
            }
            for (Optional<MultipartReader.Part> part = reader.nextPart(); part.isPresent(); part = reader.nextPart()) {
                if (!part.get().name().equals(fileField)) {
                    take(part.get());
                }
            }
            fieldsAfterFile = fields.values().stream().mapToInt(List::size).sum() > fieldCount;
            spooledAll = true;
            return teed;
        }

        InputStream spooled() throws IOException {
            return Files.newInputStream(spool);
        }

        @Override
        public void close() throws IOException {
            if (tee != null) {
                tee.close();
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }

    /**
     * The file part as it arrives, {@code length} bytes exactly: its last byte is handed on only
     * when the form ends right after it. Otherwise it fails, before the store has all it was told
     * to expect, so nothing is stored, and {@link #otherwise} says to take the spooled way.
     */
    private static final class Streamed extends InputStream {
        private final Reading form;
        private final long length;
        private long given;
        private boolean ended;
        volatile boolean otherwise;
        volatile RuntimeException failure;

        Streamed(Reading form, long length) {
            this.form = form;
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            try {
                if (given < length - 1) {
                    int n = form.reader.readContent(b, off, (int) Math.min(len, length - 1 - given));
                    if (n < 0) {
                        throw otherwise("the file ended before the end of the form");
                    }
                    form.tee(b, off, n);
                    given += n;
                    return n;
                }
                return last(b, off);
            } catch (HttpProblem e) {
                failure = e;
                throw e;
            }
        }

        /** The last byte, once the form is known to end right after it. */
        private int last(byte[] b, int off) throws IOException {
            byte[] probe = new byte[8192];
            int n = form.reader.readContent(probe, 0, 1);
            if (n < 0) {
                throw otherwise("the file ended before the end of the form");
            }
            form.tee(probe, 0, 1);
            byte last = probe[0];
            int more = form.reader.readContent(probe, 0, probe.length);
            if (more >= 0) {
                form.tee(probe, 0, more);
                throw otherwise("the file goes on past the length reckoned from the body's");
            }
            Optional<MultipartReader.Part> next = form.reader.nextPart();
            if (next.isPresent()) {
                form.pending = next;
                throw otherwise("more parts follow the file");
            }
            b[off] = last;
            given++;
            ended = true;
            return 1;
        }

        private IOException otherwise(String why) {
            otherwise = true;
            return new IOException("the form is taken the spooled way: " + why);
        }

        @Override
        public void close() {
            // The form's reader owns the body.
        }
    }
}
