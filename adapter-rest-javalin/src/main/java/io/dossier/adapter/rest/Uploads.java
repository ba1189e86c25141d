package io.dossier.adapter.rest;

import io.dossier.application.port.in.NewContent;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading content from requests, in both forms the APIs use: a raw body, or a multipart
 * {@code file} part (which the server spools to disk, never to the heap).
 */
final class Uploads {
    static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";
    static final String DEFAULT_FILE_NAME = "upload.bin";

    private Uploads() {
    }

    static boolean isMultipart(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Room in a multipart body for its boundaries, part headers and small fields beside the file. */
    static final long FORM_OVERHEAD = 64 * 1024;
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    static final String LIMIT = "dossier.bodyLimit";

    /**
     * Requires a multipart body with a boundary (else a clear 415/400), refuses one declared
     * larger than this endpoint takes before a byte of it is read (so no {@code 100 Continue} is
     * sent for it), and has the parser stop as soon as a body without a declared length passes
     * that limit.
     *
     * @param maxFileBytes the most bytes of the file part; the whole body may have
     *                     {@link #FORM_OVERHEAD} more
     */
    static void requireMultipart(Context ctx, long maxFileBytes) {
        String type = ctx.contentType();
        if (!isMultipart(ctx)) {
            throw new HttpProblem(415, "the body must be multipart/form-data");
        }
        if (!type.toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
            throw HttpProblem.badRequest("the multipart/form-data body has no boundary");
        }
        long maxBody = maxFileBytes + FORM_OVERHEAD;
        ctx.attribute(LIMIT, maxFileBytes);
        refuseDeclaredOver(ctx, maxBody, "a file of at most " + describe(maxFileBytes));
        String spool = ctx.attribute(SPOOL_DIRECTORY);
        ctx.req().setAttribute(MULTIPART_CONFIG, new jakarta.servlet.MultipartConfigElement(spool, maxFileBytes,
                maxBody, 64 * 1024));
    }

    static final String SPOOL_DIRECTORY = "dossier.spoolDirectory";

    /** 413 for a body whose declared length is over the limit; nothing of it has been read. */
    static void refuseDeclaredOver(Context ctx, long maxBytes, String what) {
        String declared = ctx.header("Content-Length");
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("Content-Length is not a number");
        }
        if (length > maxBytes) {
            throw new HttpProblem(413, "the body has " + length + " bytes; this endpoint takes " + what);
        }
    }

    /** A byte count for people: {@code 1048576 bytes (1 MiB)}. */
    static String describe(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit < 0) {
            return bytes + " bytes";
        }
        String shown = value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
        return bytes + " bytes (" + shown + " " + units[unit] + ")";
    }

    /** The raw request body as content; the caller gives the limit. */
    static <T> T fromBody(Context ctx, long maxBytes, Function<NewContent, T> use) {
        String mediaType = Optional.ofNullable(ctx.contentType()).filter(t -> !t.isBlank()).orElse(DEFAULT_MEDIA_TYPE);
        String fileName = Requests.fileName(ctx.header("Content-Disposition")).orElse(DEFAULT_FILE_NAME);
        String declaredLength = ctx.header("Content-Length");
        ctx.attribute(LIMIT, maxBytes);
        refuseDeclaredOver(ctx, maxBytes, "at most " + describe(maxBytes));
        java.util.OptionalLong length = java.util.OptionalLong.empty();
        // A chunked body's length is only known at its end; a declared one lets the store stream it on.
        if (declaredLength != null && ctx.header("Transfer-Encoding") == null) {
            length = java.util.OptionalLong.of(Long.parseLong(declaredLength.trim()));
        }
        try (InputStream in = ctx.req().getInputStream()) {
            NewContent content = NewContent.of(in, fileName, mediaType, maxBytes);
            return use.apply(length.isPresent() ? content.withLength(length.getAsLong()) : content);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    /**
     * The multipart part {@code name}, if sent. A part of that name sent without a file name is
     * refused (400), never dropped: one rule for every endpoint that takes a file.
     */
    static Optional<UploadedFile> filePart(Context ctx, String name) {
        UploadedFile file = ctx.uploadedFile(name);
        if (file == null && ctx.formParam(name) != null) {
            refuseFieldAsFile(name);
        }
        return Optional.ofNullable(file);
    }

    static void refuseFieldAsFile(String name) {
        throw HttpProblem.badRequest("the part '" + Requests.shorten(name) + "' is content and needs a filename "
                + "in its Content-Disposition (curl: -F " + Requests.shorten(name) + "=@path)");
    }

    /** A file part as content; the file name comes from the part unless given. */
    static <T> T fromPart(UploadedFile part, Optional<String> fileName, long maxBytes,
                          Function<NewContent, T> use) {
        String mediaType = Optional.ofNullable(part.contentType()).filter(t -> !t.isBlank()).orElse(DEFAULT_MEDIA_TYPE);
        String name = fileName.filter(n -> !n.isBlank())
                .or(() -> Optional.ofNullable(part.filename()).filter(n -> !n.isBlank()))
                .orElse(DEFAULT_FILE_NAME);
        if (part.size() > maxBytes) {
            throw new HttpProblem(413, "the file has " + part.size() + " bytes; this endpoint takes at most "
                    + describe(maxBytes));
        }
        try (InputStream in = part.content()) {
            NewContent content = NewContent.of(in, checkedName(name), mediaType, maxBytes);
            return use.apply(part.size() >= 0 ? content.withLength(part.size()) : content);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uploaded file failed", e);
        }
    }

    static String checkedName(String name) {
        try {
            return io.dossier.domain.FileNames.check(name);
        } catch (io.dossier.domain.DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest("file name refused: " + e.getMessage());
        }
    }
}
