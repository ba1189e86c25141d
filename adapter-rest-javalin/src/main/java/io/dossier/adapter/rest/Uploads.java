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

    /** Requires a multipart body with a boundary, so that a broken one is a clear 400. */
    static void requireMultipart(Context ctx) {
        String type = ctx.contentType();
        if (!isMultipart(ctx)) {
            throw new HttpProblem(415, "the body must be multipart/form-data");
        }
        if (!type.toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
            throw HttpProblem.badRequest("the multipart/form-data body has no boundary");
        }
    }

    /** The raw request body as content; the caller gives the limit. */
    static <T> T fromBody(Context ctx, long maxBytes, Function<NewContent, T> use) {
        String mediaType = Optional.ofNullable(ctx.contentType()).filter(t -> !t.isBlank()).orElse(DEFAULT_MEDIA_TYPE);
        String fileName = Requests.fileName(ctx.header("Content-Disposition")).orElse(DEFAULT_FILE_NAME);
        String declaredLength = ctx.header("Content-Length");
        java.util.OptionalLong length = java.util.OptionalLong.empty();
        if (declaredLength != null) {
            try {
                long declared = Long.parseLong(declaredLength.trim());
                if (declared > maxBytes) {
                    throw new HttpProblem(413, "the body has " + declaredLength + " bytes, more than the limit of "
                            + maxBytes);
                }
                // A chunked body's length is only known at its end; a declared one lets the store stream it on.
                if (declared >= 0 && ctx.header("Transfer-Encoding") == null) {
                    length = java.util.OptionalLong.of(declared);
                }
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("Content-Length is not a number");
            }
        }
        try (InputStream in = ctx.req().getInputStream()) {
            NewContent content = NewContent.of(in, fileName, mediaType, maxBytes);
            return use.apply(length.isPresent() ? content.withLength(length.getAsLong()) : content);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    /** The multipart part {@code name}, if sent. */
    static Optional<UploadedFile> filePart(Context ctx, String name) {
        return Optional.ofNullable(ctx.uploadedFile(name));
    }

    /** A file part as content; the file name comes from the part unless given. */
    static <T> T fromPart(UploadedFile part, Optional<String> fileName, long maxBytes,
                          Function<NewContent, T> use) {
        String mediaType = Optional.ofNullable(part.contentType()).filter(t -> !t.isBlank()).orElse(DEFAULT_MEDIA_TYPE);
        String name = fileName.filter(n -> !n.isBlank())
                .or(() -> Optional.ofNullable(part.filename()).filter(n -> !n.isBlank()))
                .orElse(DEFAULT_FILE_NAME);
        if (part.size() > maxBytes) {
            throw new HttpProblem(413, "the file has " + part.size() + " bytes, more than the limit of " + maxBytes);
        }
        try (InputStream in = part.content()) {
            NewContent content = NewContent.of(in, checkedName(name), mediaType, maxBytes);
            return use.apply(part.size() >= 0 ? content.withLength(part.size()) : content);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uploaded file failed", e);
        }
    }

    private static String checkedName(String name) {
        try {
            return io.dossier.domain.FileNames.check(name);
        } catch (io.dossier.domain.DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest("file name refused: " + e.getMessage());
        }
    }
}
