package io.dossier.adapter.rest;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.out.ContentStore.ByteRange;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.FileNames;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what a request says: who asks, path parameters, file names, ranges. */
final class Requests {
    private static final String AUTHENTICATED = "dossier.authenticated";
    private static final Pattern FILENAME_STAR = Pattern.compile(
            "(?i)(?:^|;)\\s*filename\\*\\s*=\\s*([^';\\s]+)'[^']*'([^;]*)");
    private static final Pattern FILENAME = Pattern.compile(
            "(?i)(?:^|;)\\s*filename\\s*=\\s*(?:\"((?:[^\"\\\\]++|\\\\.)*+)\"|([^;]*))");
    /** Room for the longest file name, percent-encoded, given twice. */
    private static final int MAX_DISPOSITION_LENGTH = 4096;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private Requests() {
    }

    static Authenticator.Authenticated authenticated(Context ctx, Authenticator authenticator) {
        Authenticator.Authenticated known = ctx.attribute(AUTHENTICATED);
        if (known == null) {
            known = authenticator.authenticate(ctx.header("X-API-Key"), ctx.header("Authorization"));
            ctx.attribute(AUTHENTICATED, known);
        }
        return known;
    }

    static Principal principal(Context ctx, Authenticator authenticator) {
        return authenticated(ctx, authenticator).principal();
    }

    static DocumentId documentId(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            return DocumentId.parse(value);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest(name + " must be a UUID, got '" + shorten(value) + "'");
        }
    }

    /** A positive integer path parameter. */
    static long number(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            long number = Long.parseLong(value);
            if (number < 1) {
                throw HttpProblem.badRequest(name + " must be a positive integer, got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name + " must be a positive integer, got '" + shorten(value) + "'");
        }
    }

    static int intParam(Context ctx, String name) {
        long value = number(ctx, name);
        if (value > Integer.MAX_VALUE) {
            throw HttpProblem.badRequest(name + " is too large");
        }
        return (int) value;
    }

    /**
     * What an {@code If-Match} header expects: {@code *} or nothing expects nothing; an ETag
     * (weak or strong, quoted or not) is the SHA-256 of the content the client saw. Any other
     * tag can never match and fails the precondition.
     */
    static Expectation ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return Expectation.NONE;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("[0-9A-Fa-f]{64}")) {
            throw new DocumentException.PreconditionFailed("If-Match names no content of this document");
        }
        return Expectation.currentDigest(tag);
    }

    /**
     * The file name of a {@code Content-Disposition} header (RFC 6266): {@code filename*}
     * (RFC 8187, percent-encoded with a charset) wins over {@code filename}.
     */
    static Optional<String> fileName(String contentDisposition) {
        if (contentDisposition == null || contentDisposition.isBlank()) {
            return Optional.empty();
        }
        if (contentDisposition.length() > MAX_DISPOSITION_LENGTH) {
            throw HttpProblem.badRequest("Content-Disposition is longer than " + MAX_DISPOSITION_LENGTH
                    + " characters; file names have at most " + FileNames.MAX_LENGTH);
        }
        Matcher star = FILENAME_STAR.matcher(contentDisposition);
        if (star.find()) {
            Charset charset;
            try {
                charset = Charset.forName(star.group(1).trim());
            } catch (RuntimeException e) {
                throw HttpProblem.badRequest("Content-Disposition filename* names an unknown charset");
            }
            String encoded = star.group(2).trim();
            if (!encoded.matches("([A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-Fa-f]{2})*")) {
                throw HttpProblem.badRequest("Content-Disposition filename* is not valid RFC 8187 encoding");
            }
            return Optional.of(checked(URLDecoder.decode(encoded.replace("+", "%2B"), charset)));
        }
        Matcher plain = FILENAME.matcher(contentDisposition);
        if (plain.find()) {
            String value = plain.group(1) != null ? plain.group(1).replaceAll("\\\\(.)", "$1") : plain.group(2).trim();
            return Optional.of(checked(value));
        }
        return Optional.empty();
    }

    private static String checked(String fileName) {
        try {
            return FileNames.check(fileName);
        } catch (DocumentException.InvalidInput e) {
            throw HttpProblem.badRequest("file name refused: " + e.getMessage());
        }
    }

    /**
     * The byte range a {@code Range} header asks for within content of the given length; empty
     * for none (or for a form we do not serve, where the whole content is the right answer).
     */
    static Optional<ByteRange> range(String header, long length) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            long first;
            long last;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw new HttpProblem(416, "an empty suffix range selects nothing");
                }
                first = Math.max(0, length - suffix);
                last = length - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            }
            if (first >= length || last < first) {
                throw new HttpProblem(416, "the range is outside the content's " + length + " bytes");
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A {@code Content-Disposition} value with an ASCII {@code filename} and an exact {@code filename*}. */
    static String contentDisposition(String disposition, String fileName) {
        StringBuilder ascii = new StringBuilder();
        for (char c : fileName.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != ';' ? c : '_');
        }
        String encoded = java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    static String shorten(String value) {
        return value == null ? "" : value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
