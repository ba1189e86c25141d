package io.dossier.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Media type syntax (RFC 6838) and the magic bytes of the types that have them. */
public final class MediaTypes {
    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]{1,127}";
    private static final Pattern SHAPE = Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;.*)?");
    private static final int MAX_LENGTH = 255;
    // RFC 9110 §5.6.6 and §8.3.1: name=token or name="quoted string", ASCII only (the type goes
    // out again as a header), empty parameters between semicolons allowed.
    private static final String TCHAR = "[A-Za-z0-9!#$%&'*+.^_`|~-]";
    private static final Pattern PARAMETER = Pattern.compile(
            "[ \\t]*;[ \\t]*(?:(" + TCHAR + "+)=(" + TCHAR + "+|\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t\\x20-\\x7E])*\"))?");

    /** Leading bytes that content of these types always starts with. */
    private static final Map<String, byte[][]> SIGNATURES = Map.of(
            "application/pdf", new byte[][] {ascii("%PDF-")},
            "image/png", new byte[][] {{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}},
            "image/jpeg", new byte[][] {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}},
            "image/gif", new byte[][] {ascii("GIF87a"), ascii("GIF89a")},
            "application/zip", new byte[][] {{'P', 'K', 3, 4}, {'P', 'K', 5, 6}});

    /** How many leading bytes {@link #matchesSignature} needs at most. */
    public static final int SIGNATURE_LENGTH = 8;

    private MediaTypes() {
    }

    /** Checks the syntax and returns the type in lower case, parameters kept. */
    public static String normalize(String mediaType) {
        Checks.text(mediaType, "media type", MAX_LENGTH);
        String trimmed = mediaType.strip();
        if (!SHAPE.matcher(trimmed).matches()) {
            throw new DocumentException.InvalidInput("not a media type: " + trimmed);
        }
        int semicolon = trimmed.indexOf(';');
        return semicolon < 0
                ? trimmed.toLowerCase(Locale.ROOT)
                : trimmed.substring(0, semicolon).strip().toLowerCase(Locale.ROOT) + trimmed.substring(semicolon);
    }

    /**
     * As {@link #normalize}, for a type a client declares now: every parameter must be well formed
     * ({@code charset=} with no value, {@code a=b c} or an unclosed quote are refused) and named
     * once. Types stored before this check was made are still read with {@link #normalize}.
     */
    public static String wellFormed(String mediaType) {
        String normalized = normalize(mediaType);
        int semicolon = normalized.indexOf(';');
        if (semicolon < 0) {
            return normalized;
        }
        String parameters = normalized.substring(semicolon);
        java.util.regex.Matcher parameter = PARAMETER.matcher(parameters);
        java.util.Set<String> names = new java.util.HashSet<>();
        int at = 0;
        while (at < parameters.length() && parameter.find(at) && parameter.start() == at) {
            if (parameter.group(1) != null && !names.add(parameter.group(1).toLowerCase(Locale.ROOT))) {
                throw new DocumentException.InvalidInput("media type names the parameter " + parameter.group(1)
                        + " twice: " + normalized);
            }
            at = parameter.end();
        }
        if (at != parameters.length() && !parameters.substring(at).isBlank()) {
            throw new DocumentException.InvalidInput("not a media type: " + normalized
                    + " (a parameter is name=value, the value a token or a quoted string)");
        }
        return normalized;
    }

    /** The type without parameters, e.g. {@code text/plain} for {@code text/plain; charset=utf-8}. */
    public static String essence(String mediaType) {
        String normalized = normalize(mediaType);
        int semicolon = normalized.indexOf(';');
        return semicolon < 0 ? normalized : normalized.substring(0, semicolon).strip();
    }

    /** True when the type has a known signature. */
    public static boolean hasSignature(String mediaType) {
        return SIGNATURES.containsKey(essence(mediaType));
    }

    /**
     * True when {@code head} (the first bytes of the content, fewer when the content is shorter)
     * starts with a signature of the type, or when the type has no known signature.
     */
    public static boolean matchesSignature(String mediaType, byte[] head) {
        byte[][] signatures = SIGNATURES.get(essence(mediaType));
        if (signatures == null) {
            return true;
        }
        for (byte[] signature : signatures) {
            if (head.length >= signature.length && Arrays.equals(head, 0, signature.length, signature, 0, signature.length)) {
                return true;
            }
        }
        return false;
    }

    /** The type whose signature the bytes carry, if any. */
    public static Optional<String> sniff(byte[] head) {
        return SIGNATURES.keySet().stream().filter(type -> matchesSignature(type, head)).sorted().findFirst();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
