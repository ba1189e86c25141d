package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dossier.application.port.in.Expectation;
import io.dossier.domain.Document;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.ByteRange;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.FileNames;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
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
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REVISION = Pattern.compile("r[0-9]{1,18}");
    /** The most bytes a JSON request body may have (the server's request size limit too). */
    static final int MAX_JSON_BYTES = 1024 * 1024;

    private Requests() {
    }

    static Authenticator.Authenticated authenticated(Context ctx, Authenticator authenticator) {
        Authenticator.Authenticated known = ctx.attribute(AUTHENTICATED);
        if (known == null) {
            known = authenticator.authenticate(ctx.header("X-API-Key"), ctx.header("Authorization"), ctx.ip());
            ctx.attribute(AUTHENTICATED, known);
        }
        return known;
    }

    /** The tenant of the request's credentials, once they were checked. */
    static java.util.Optional<String> tenant(Context ctx) {
        Authenticator.Authenticated known = ctx.attribute(AUTHENTICATED);
        return known == null ? java.util.Optional.empty() : java.util.Optional.of(known.principal().tenant().value());
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

    /** An integer query parameter within bounds; the default when it is absent. */
    static int queryInt(Context ctx, String name, int defaultValue, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw HttpProblem.badRequest(name + " must be between " + min + " and " + max + ", got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name + " must be an integer, got '" + shorten(value) + "'");
        }
    }

    /**
     * What an {@code If-Match} header expects of a document. A tag is either the document's
     * {@link #documentTag} (its revision: any saved change makes it stale) or the ETag of content
     * (its SHA-256; weak and unquoted forms are accepted too). A tag of neither kind matches
     * nothing; {@code *} matches any content but none.
     *
     * @param current the document as it is now; asked only when one of several tags must be
     *                picked, or for {@code *}
     */
    static Expectation ifMatch(Context ctx, Supplier<Document> current) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            return Expectation.NONE;
        }
        if (header.trim().equals("*")) {
            return Expectation.currentDigest(current.get().currentVersion().map(v -> v.content().sha256())
                    .orElseThrow(() -> new DocumentException.PreconditionFailed(
                            "If-Match * but the document has no content")));
        }
        List<Expectation> tags = new ArrayList<>();
        for (String tag : header.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            value = value.toLowerCase(Locale.ROOT);
            if (SHA256.matcher(value).matches()) {
                tags.add(Expectation.currentDigest(value));
            } else if (REVISION.matcher(value).matches()) {
                tags.add(Expectation.currentRevision(Long.parseLong(value.substring(1))));
            }
        }
        if (tags.isEmpty()) {
            throw new DocumentException.PreconditionFailed("If-Match names no entity tag of this server");
        }
        if (tags.size() == 1) {
            return tags.get(0);
        }
        // Several tags: the one that holds now, checked again atomically when the change is made.
        Document now = current.get();
        return tags.stream().filter(tag -> tag.holdsFor(now)).findFirst().orElseThrow(() ->
                new DocumentException.PreconditionFailed("no entity tag of If-Match is current"));
    }

    /** The entity tag of a document's JSON: its revision, which every saved change moves on. */
    static String documentTag(Document document) {
        return "\"r" + document.revision() + "\"";
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
            // RFC 8187's attr-char, and the few more that common encoders leave as they are (Java's
            // URLEncoder keeps '*'; JavaScript's encodeURIComponent keeps "'()*"): liberal in what we take.
            if (!encoded.matches("([A-Za-z0-9!#$&+.^_`|~*'()-]|%[0-9A-Fa-f]{2})*")) {
                throw HttpProblem.badRequest("Content-Disposition filename* is not valid RFC 8187 encoding");
            }
            return Optional.of(checked(URLDecoder.decode(encoded.replace("+", "%2B"), charset)));
        }
        Matcher plain = FILENAME.matcher(contentDisposition);
        if (plain.find()) {
            String value = plain.group(1) != null ? plain.group(1).replaceAll("\\\\(.)", "$1") : plain.group(2).trim();
            return Optional.of(checked(utf8IfSentSo(value)));
        }
        return Optional.empty();
    }

    /**
     * Browsers send a plain {@code filename="Grüße.pdf"} as raw UTF-8, which reaches us as one
     * ISO-8859-1 character per byte. When those bytes are valid UTF-8, that is what was meant.
     */
    static String utf8IfSentSo(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value; // decoded already
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return utf8.decode(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return value; // ISO-8859-1 it is
        }
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
                    throw unsatisfiable("an empty suffix range selects nothing", length);
                }
                first = Math.max(0, length - suffix);
                last = length - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            }
            if (first >= length || last < first) {
                throw unsatisfiable("the range is outside the content's " + length + " bytes", length);
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static HttpProblem unsatisfiable(String message, long length) {
        return new HttpProblem(416, message).withHeader("Content-Range", "bytes */" + length);
    }

    /**
     * A {@code Content-Disposition} value with an ASCII {@code filename} and an exact
     * {@code filename*} (RFC 8187: every byte outside attr-char percent-encoded). Bidirectional
     * controls are dropped from both, so that a name cannot display as something it is not.
     */
    static String contentDisposition(String disposition, String fileName) {
        StringBuilder shown = new StringBuilder();
        for (char c : fileName.toCharArray()) {
            if (!io.dossier.domain.FileNames.isBidiControl(c) && !Character.isISOControl(c)) {
                shown.append(c);
            }
        }
        String name = shown.length() == 0 ? "download" : shown.toString();
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != ';' && c != '%' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && ATTR_CHAR.indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** RFC 8187 attr-char: what may stand unencoded in an ext-value. */
    private static final String ATTR_CHAR =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String shorten(String value) {
        return value == null ? "" : value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
