package io.dossier.adapter.rest;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.DocumentException;
import io.dossier.domain.IdempotentRequest;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code Idempotency-Key} on the POSTs that create or replace (the IETF httpapi draft): the same
 * key with the same request within 24 hours gets the first answer again (status, headers, body)
 * without the work being done again; the same key with another request is 422; a request still
 * in flight under the key is 409. A request is the method, the path with its query, the media
 * type and the SHA-256 of its body (of each form field and file, for a multipart form). Only
 * answers of 2xx are kept: a refused request frees its key, so that it can be sent again mended.
 */
final class Idempotency {
    static final String HEADER = "Idempotency-Key";
    /** The headers of an answer that a retry gets again; others are the new response's own. */
    private static final List<String> KEPT = List.of("Content-Type", "Location", "ETag", "Content-Disposition");
    private static final String DIGEST = "dossier.idempotency.digest";

    private Idempotency() {
    }

    /** The POSTs it covers: all but the store's notifications, which carry no principal. */
    static boolean applies(Context ctx) {
        return ctx.method() == HandlerType.POST && ctx.header(HEADER) != null
                && !ctx.path().equals("/v1/storage-events");
    }

    static void handle(Context ctx, Handler endpoint, Authenticator authenticator, Dossier dossier, long maxBodyBytes)
            throws Exception {
        String key = key(ctx.header(HEADER));
        Principal principal = Requests.principal(ctx, authenticator);
        Optional<IdempotentRequest> held = dossier.idempotency().claim(principal, key);
        if (held.isPresent()) {
            if (held.get().state() == IdempotentRequest.State.IN_FLIGHT) {
                throw new HttpProblem(409, "a request with this Idempotency-Key is still being answered; try again"
                        + " when it is done");
            }
            Optional<String> fingerprint = fingerprint(ctx, maxBodyBytes);
            if (fingerprint.isEmpty() || !fingerprint.equals(held.get().fingerprint())) {
                throw new HttpProblem(422, "this Idempotency-Key was used for another request within the last 24"
                        + " hours; use a new key for a new request");
            }
            replay(ctx, held.get().answer().orElseThrow());
            return;
        }
        boolean kept = false;
        try {
            endpoint.handle(ctx);
            if (ctx.statusCode() / 100 == 2) {
                byte[] body = answered(ctx);
                Optional<String> fingerprint = fingerprint(ctx, maxBodyBytes);
                if (body.length <= IdempotentRequest.MAX_ANSWER_BYTES && fingerprint.isPresent()) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (String name : KEPT) {
                        Optional.ofNullable(ctx.res().getHeader(name)).ifPresent(v -> headers.put(name, v));
                    }
                    dossier.idempotency().finish(principal, key, fingerprint.get(),
                            new IdempotentRequest.Answer(ctx.statusCode(), headers, body));
                    kept = true;
                }
            }
        } finally {
            if (!kept) {
                dossier.idempotency().release(principal, key);
            }
        }
    }

    /** The key, as a structured-field string ({@code "…"}) or bare. */
    static String key(String header) {
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return IdempotentRequest.checkKey(value);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    private static void replay(Context ctx, IdempotentRequest.Answer answer) {
        answer.headers().forEach(ctx::header);
        ctx.header("Idempotent-Replayed", "true");
        ctx.status(answer.status()).result(answer.body());
        String type = answer.headers().get("Content-Type");
        if (type != null) {
            ctx.contentType(type);
        }
    }

    /** The answer's body as the handler left it, put back for sending. */
    private static byte[] answered(Context ctx) throws IOException {
        InputStream result = ctx.resultInputStream();
        if (result == null) {
            return new byte[0];
        }
        byte[] body = result.readAllBytes();
        ctx.result(body);
        return body;
    }

    /**
     * What identifies the request; empty when its body is larger than any accepted one (then it
     * cannot be the request that was answered).
     */
    private static Optional<String> fingerprint(Context ctx, long maxBodyBytes) throws IOException {
        MessageDigest digest = sha256();
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            // Fields and files by name, each file's name, type and bytes: the boundary does not count.
            for (Map.Entry<String, List<String>> field : new TreeMap<>(ctx.formParamMap()).entrySet()) {
                update(digest, "field " + field.getKey() + "=" + String.join("\u0000", field.getValue()));
            }
            for (Map.Entry<String, List<UploadedFile>> files : new TreeMap<>(ctx.uploadedFileMap()).entrySet()) {
                for (UploadedFile file : files.getValue()) {
                    update(digest, "file " + files.getKey() + " " + file.filename() + " " + file.contentType());
                    try (InputStream in = file.content()) {
                        in.transferTo(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(),
                                digest));
                    }
                }
            }
        } else {
            Object kept = ctx.req().getAttribute(DIGEST);
            if (!(kept instanceof DigestingRequest.Tally tally)) {
                return Optional.empty();
            }
            // What the handler did not read (a refusal, a retry that was never handled) is read here.
            try (InputStream rest = ctx.req().getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = rest.read(buffer)) >= 0; ) {
                    if (tally.count() > maxBodyBytes + Requests.MAX_JSON_BYTES) {
                        return Optional.empty();
                    }
                }
            }
            digest.update(tally.digest());
        }
        String method = ctx.method().name();
        String query = Optional.ofNullable(ctx.queryString()).map(q -> "?" + q).orElse("");
        String essence = type.contains(";") ? type.substring(0, type.indexOf(';')).strip() : type.strip();
        return Optional.of(method + " " + ctx.path() + query + " " + essence + " sha256:"
                + HexFormat.of().formatHex(digest.digest()));
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Hashes the raw body of a POST with an Idempotency-Key as the handler reads it (multipart
     * forms are hashed from their parts instead: the container reads those past any wrapper).
     */
    static final class DigestingRequest implements Filter {
        /** The bytes read so far and their digest. */
        static final class Tally {
            private final MessageDigest digest = sha256();
            private long count;

            long count() {
                return count;
            }

            byte[] digest() {
                return digest.digest();
            }
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && "POST".equals(http.getMethod())
                    && http.getHeader(HEADER) != null
                    && !String.valueOf(http.getContentType()).toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                Tally tally = new Tally();
                http.setAttribute(DIGEST, tally);
                chain.doFilter(new HttpServletRequestWrapper(http) {
                    private ServletInputStream wrapped;

                    @Override
                    public ServletInputStream getInputStream() throws IOException {
                        if (wrapped == null) {
                            ServletInputStream in = super.getInputStream();
                            wrapped = new ServletInputStream() {
                                @Override
                                public int read() throws IOException {
                                    int b = in.read();
                                    if (b >= 0) {
                                        tally.digest.update((byte) b);
                                        tally.count++;
                                    }
                                    return b;
                                }

                                @Override
                                public int read(byte[] buffer, int offset, int length) throws IOException {
                                    int n = in.read(buffer, offset, length);
                                    if (n > 0) {
                                        tally.digest.update(buffer, offset, n);
                                        tally.count += n;
                                    }
                                    return n;
                                }

                                @Override
                                public boolean isFinished() {
                                    return in.isFinished();
                                }

                                @Override
                                public boolean isReady() {
                                    return in.isReady();
                                }

                                @Override
                                public void setReadListener(ReadListener listener) {
                                    in.setReadListener(listener);
                                }

                                @Override
                                public void close() {
                                    // The handler's close must not end the request: the rest is read for the digest.
                                }
                            };
                        }
                        return wrapped;
                    }
                }, response);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
