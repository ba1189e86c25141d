package io.dossier.adapter.rest;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ResumableUploadUseCase;
import io.dossier.application.port.in.ResumableUploadUseCase.Append;
import io.dossier.application.port.in.ResumableUploadUseCase.Progress;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.ResumableUpload;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resumable uploads by the tus 1.0 protocol under {@code /v1/tus}: core, creation,
 * creation-with-upload, termination, checksum (sha256) and expiration. The upload id is the id of
 * the upload ticket behind it, so {@code GET /v1/uploads/{id}} shows what became of it. Described
 * in {@code openapi/uploads.json}.
 */
final class TusApi implements Endpoints {
    static final String VERSION = "1.0.0";
    static final String EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration";
    static final String OFFSET_STREAM = "application/offset+octet-stream";
    /** Every answer's tus headers, for browsers to read (CORS). */
    static final java.util.List<String> HEADERS = java.util.List.of("Tus-Resumable", "Tus-Version", "Tus-Extension",
            "Tus-Max-Size", "Tus-Checksum-Algorithm", "Upload-Offset", "Upload-Length", "Upload-Metadata",
            "Upload-Expires", "Dossier-Document-Id", "Dossier-Version");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Pattern METADATA_KEY = Pattern.compile("[!-+\\--~]+"); // printable ASCII but ','
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Override
    public void register(FamilyRoutes routes, EndpointContext w) {
        routes.options("/v1/tus", ctx -> options(ctx, w));
        routes.options("/v1/tus/{uploadId}", ctx -> options(ctx, w));
        routes.post("/v1/tus", ctx -> create(ctx, w));
        routes.head("/v1/tus/{uploadId}", ctx -> {
            Progress progress = uploads(w).progress(principal(ctx, w), ctx.pathParam("uploadId"));
            describe(ctx, progress);
            ctx.header("Upload-Length", Long.toString(progress.upload().length()));
            if (!progress.upload().metadata().isEmpty()) {
                ctx.header("Upload-Metadata", progress.upload().metadata());
            }
            ctx.header("Cache-Control", "no-store").status(200);
        });
        routes.patch("/v1/tus/{uploadId}", ctx -> {
            Principal principal = principal(ctx, w);
            long offset = number(ctx, "Upload-Offset")
                    .orElseThrow(() -> HttpProblem.badRequest("Upload-Offset is required"));
            describe(ctx, append(ctx, w, principal, ctx.pathParam("uploadId"), sending(ctx, offset)));
            ctx.status(204);
        });
        routes.delete("/v1/tus/{uploadId}", ctx -> {
            uploads(w).terminate(principal(ctx, w), ctx.pathParam("uploadId"));
            ctx.status(204);
        });
    }

    private static ResumableUploadUseCase uploads(EndpointContext w) {
        return w.dossier().resumableUploads();
    }

    /** What the server offers; no authentication, as a client asks before it has anything to send. */
    private static void options(Context ctx, EndpointContext w) {
        ctx.header("Tus-Resumable", VERSION).header("Tus-Version", VERSION).header("Tus-Extension", EXTENSIONS)
                .header("Tus-Max-Size", Long.toString(w.settings().maxUploadBytes()))
                .header("Tus-Checksum-Algorithm", "sha256").status(204);
    }

    /** Every request but OPTIONS names the protocol version; every answer does too. */
    private static Principal principal(Context ctx, EndpointContext w) {
        ctx.header("Tus-Resumable", VERSION);
        String version = ctx.header("Tus-Resumable");
        if (!VERSION.equals(version == null ? null : version.trim())) {
            throw new HttpProblem(412, "send Tus-Resumable: " + VERSION + " (the only tus version this server speaks)")
                    .withHeader("Tus-Version", VERSION);
        }
        return w.principal(ctx);
    }

    private static void create(Context ctx, EndpointContext w) {
        Principal principal = principal(ctx, w);
        if (ctx.header("Upload-Defer-Length") != null) {
            throw HttpProblem.badRequest("Upload-Defer-Length is not supported: send Upload-Length");
        }
        long length = number(ctx, "Upload-Length")
                .orElseThrow(() -> HttpProblem.badRequest("Upload-Length is required"));
        if (length > w.settings().maxUploadBytes()) {
            throw new HttpProblem(413, "the upload has " + length + " bytes; this server takes "
                    + Uploads.describe(w.settings().maxUploadBytes()));
        }
        if (length == 0) {
            throw HttpProblem.badRequest("an upload has at least one byte");
        }
        String rawMetadata = Optional.ofNullable(ctx.header("Upload-Metadata")).map(String::trim).orElse("");
        Map<String, String> metadata = metadata(rawMetadata);
        String fileName = Optional.ofNullable(metadata.get("filename"))
                .or(() -> Optional.ofNullable(metadata.get("name")))
                .orElseThrow(() -> HttpProblem.badRequest("Upload-Metadata needs the file's name: filename <base64>"));
        String mediaType = Optional.ofNullable(metadata.get("filetype"))
                .or(() -> Optional.ofNullable(metadata.get("type")))
                .filter(t -> !t.isBlank()).orElse("application/octet-stream");
        Optional<DocumentId> documentId = Optional.ofNullable(metadata.get("documentId")).map(DocumentId::parse);
        Optional<String> title = Optional.ofNullable(metadata.get("title"));
        Expectation expectation = documentId.isPresent()
                ? Requests.ifMatch(ctx, () -> w.dossier().getDocument().get(principal, documentId.get()))
                : Expectation.NONE;
        boolean withUpload = isOffsetStream(ctx);
        if (!withUpload && number(ctx, "Content-Length").orElse(0L) > 0) {
            throw new HttpProblem(415, "bytes sent with the creation need Content-Type: " + OFFSET_STREAM);
        }
        // Checked before the upload is made: a creation whose bytes are refused leaves nothing behind.
        Optional<Sending> sending = withUpload ? Optional.of(sending(ctx, 0)) : Optional.empty();
        if (sending.isPresent() && sending.get().length() > length) {
            throw new HttpProblem(413, "the body has more bytes than the Upload-Length of " + length);
        }
        Progress progress = uploads(w).begin(new ResumableUploadUseCase.Begin(new IssueUploadUseCase.Command(
                principal, documentId, Filing.UNFILED, fileName, mediaType, Optional.empty(), expectation,
                Optional.empty(), length, title), rawMetadata));
        String id = progress.ticket().id();
        ctx.header("Location", w.absoluteUrl(ctx, "/v1/tus/" + id));
        if (sending.isPresent()) {
            progress = append(ctx, w, principal, id, sending.get());
        }
        describe(ctx, progress);
        ctx.status(201);
    }

    /** What a request's headers say about the bytes it carries. */
    private record Sending(long offset, long length, Optional<byte[]> checksum) {
    }

    /** The checks on the headers, before any byte is read. */
    private static Sending sending(Context ctx, long offset) {
        if (!isOffsetStream(ctx)) {
            throw new HttpProblem(415, "send the bytes with Content-Type: " + OFFSET_STREAM);
        }
        if (ctx.header("Transfer-Encoding") != null) {
            throw new HttpProblem(411, "send the bytes with a Content-Length (a chunked body is not taken)");
        }
        long length = number(ctx, "Content-Length")
                .orElseThrow(() -> new HttpProblem(411, "send the bytes with a Content-Length"));
        return new Sending(offset, length, checksum(ctx.header("Upload-Checksum")));
    }

    private static Progress append(Context ctx, EndpointContext w, Principal principal, String id, Sending sending) {
        try (InputStream body = ctx.req().getInputStream()) {
            return uploads(w).append(new Append(principal, id, sending.offset(), sending.length(), sending.checksum()),
                    body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static void describe(Context ctx, Progress progress) {
        ResumableUpload upload = progress.upload();
        ctx.header("Upload-Offset", Long.toString(upload.offset()));
        if (upload.state() == ResumableUpload.State.RECEIVING) {
            ctx.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
        }
        ctx.header("Dossier-Document-Id", progress.ticket().documentId().toString());
        progress.version().ifPresent(v -> ctx.header("Dossier-Version", Long.toString(v.number().value())));
    }

    private static boolean isOffsetStream(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(OFFSET_STREAM);
    }

    private static Optional<Long> number(Context ctx, String header) {
        String value = ctx.header(header);
        if (value == null) {
            return Optional.empty();
        }
        if (!NUMBER.matcher(value.trim()).matches()) {
            throw HttpProblem.badRequest(header + " must be a non-negative whole number");
        }
        return Optional.of(Long.parseLong(value.trim()));
    }

    /** {@code key base64,key base64,key}: keys unique, values UTF-8 once decoded. */
    static Map<String, String> metadata(String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header.isEmpty()) {
            return pairs;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.trim().split(" ", -1);
            if (parts.length > 2 || !METADATA_KEY.matcher(parts[0]).matches()) {
                throw HttpProblem.badRequest("Upload-Metadata is a list of 'key base64-value' pairs: " + pair.trim());
            }
            String value;
            try {
                value = parts.length == 2
                        ? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8) : "";
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("the value of " + parts[0] + " in Upload-Metadata is not base64");
            }
            if (pairs.put(parts[0], value) != null) {
                throw HttpProblem.badRequest("Upload-Metadata names " + parts[0] + " twice");
            }
        }
        return pairs;
    }

    /** {@code sha256 <base64 digest>}; another algorithm is a 400, as the protocol says. */
    static Optional<byte[]> checksum(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String[] parts = header.trim().split(" ");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("sha256")) {
            throw HttpProblem.badRequest("Upload-Checksum takes 'sha256 <base64 digest>'");
        }
        try {
            byte[] digest = Base64.getDecoder().decode(parts[1]);
            if (digest.length != 32) {
                throw HttpProblem.badRequest("a SHA-256 digest has 32 bytes");
            }
            return Optional.of(digest);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("the digest of Upload-Checksum is not base64");
        }
    }
}
