package io.dossier.adapter.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578, RFC 2046) read part by part as it arrives, with
 * nothing held but one buffer: the content of a part is handed out as it is read, up to the next
 * boundary. Malformed bodies are a 400, bodies over the limit a 413, both as soon as they show.
 */
final class MultipartReader {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;]*))");
    private static final Pattern HAS_FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename\\*?\\s*=\\s*(\"\"|;|$)?");

    /** The headers of one part: its field name, its file name when it is a file, its media type. */
    record Part(String name, Optional<String> fileName, Optional<String> contentType) {
        boolean isFile() {
            return fileName.isPresent();
        }
    }

    private enum State { CONTENT, AFTER_DELIMITER, DONE }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private final String limitIs;
    private final long maxBody;
    private int pos;
    private int limit;
    /**
     * No delimiter starts before this index of the buffer, and where the last search found one:
     * a caller reading a few KiB at a time does not have the whole buffer searched on every read.
     */
    private int searchedUntil;
    private int found = -1;
    private boolean eof;
    private long read;
    private State state = State.CONTENT; // the preamble is read as the content of a part before the first

    /**
     * @param maxBody  the most bytes of the whole body
     * @param limitIs  what the 413 past it says of the limit
     */
    MultipartReader(InputStream in, String boundary, long maxBody, String limitIs) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        this.maxBody = maxBody;
        this.limitIs = limitIs;
        // The first boundary has no line break before it: pretend there is one, so one search finds all.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a multipart media type; 400 when missing or not as RFC 2046 allows. */
    static String boundary(String contentType) {
        Matcher m = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]*))").matcher(contentType);
        if (!m.find()) {
            throw HttpProblem.badRequest("the multipart/form-data body has no boundary");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        if (boundary.isEmpty() || boundary.length() > 70 || !boundary.matches("[0-9A-Za-z'()+_,./:=? -]*[0-9A-Za-z'()+_,./:=?-]")) {
            throw HttpProblem.badRequest("the multipart/form-data boundary is not valid (RFC 2046: 1 to 70 characters)");
        }
        return boundary;
    }

    /** Bytes of the body taken so far (the position of the next byte a read hands out). */
    long position() {
        return read - (limit - pos);
    }

    /** How many bytes the end of a body takes when a part's content is the last: CRLF--boundary--CRLF. */
    int closeLength() {
        return delimiter.length + 4;
    }

    /**
     * The next part's headers, skipping what is left of the current part; empty at the closing
     * boundary.
     */
    Optional<Part> nextPart() throws IOException {
        byte[] scratch = new byte[8192];
        while (state == State.CONTENT) {
            readContent(scratch, 0, scratch.length);
        }
        if (state == State.DONE) {
            return Optional.empty();
        }
        require(2);
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            pos += 2;
            state = State.DONE; // an epilogue, if any, is ignored as RFC 2046 says
            return Optional.empty();
        }
        String rest = line(); // transport padding after the boundary, then CRLF
        if (!rest.isBlank()) {
            throw HttpProblem.badRequest("the multipart body has text after a boundary");
        }
        String disposition = null;
        String type = null;
        int headerBytes = 0;
        for (String header = line(); !header.isEmpty(); header = line()) {
            headerBytes += header.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw HttpProblem.badRequest("a part of the multipart body has more than 16 KiB of headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw HttpProblem.badRequest("a part of the multipart body has a malformed header line");
            }
            String headerName = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (headerName.equals("content-disposition")) {
                disposition = value;
            } else if (headerName.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw HttpProblem.badRequest("every part of a multipart/form-data body needs Content-Disposition: form-data");
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw HttpProblem.badRequest("a part of the multipart body has no name");
        }
        String fieldName = Requests.utf8IfSentSo(name.group(1) != null ? name.group(1).replaceAll("\\\\(.)", "$1")
                : name.group(2).trim());
        Optional<String> fileName = Optional.empty();
        Matcher file = HAS_FILENAME.matcher(disposition);
        if (file.find()) {
            // filename="" (a browser's file input left empty) is a file part without a name.
            fileName = file.group(1) != null ? Optional.of("") : Optional.of(Requests.fileName(disposition).orElse(""));
        }
        state = State.CONTENT;
        return Optional.of(new Part(fieldName, fileName, Optional.ofNullable(type).filter(t -> !t.isBlank())));
    }

    /**
     * Reads the current part's content; -1 at its end. A body that ends before its closing
     * boundary is a 400.
     */
    int readContent(byte[] b, int off, int len) throws IOException {
        if (state != State.CONTENT) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            int found = indexOfDelimiter();
            if (found == pos) {
                pos += delimiter.length;
                state = State.AFTER_DELIMITER;
                return -1;
            }
            // Without a whole delimiter in the buffer, its last bytes may be the start of one.
            int safe = found >= 0 ? found : limit - delimiter.length + 1;
            if (safe > pos) {
                int n = Math.min(len, safe - pos);
                System.arraycopy(buffer, pos, b, off, n);
                pos += n;
                return n;
            }
            if (eof) {
                throw HttpProblem.badRequest("the multipart body ends inside a part: its closing boundary is missing");
            }
            fill();
        }
    }

    private int indexOfDelimiter() {
        if (found >= pos) {
            return found;
        }
        int last = limit - delimiter.length;
        byte first = delimiter[0];
        int from = Math.max(pos, searchedUntil);
        outer:
        for (int i = from; i <= last; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            found = i;
            searchedUntil = i;
            return i;
        }
        searchedUntil = Math.max(from, last + 1);
        return -1;
    }

    /** A header line without its CRLF, as ISO-8859-1 (raw UTF-8 names are decoded later). */
    private String line() throws IOException {
        int scanned = pos;
        while (true) {
            for (int i = scanned; i + 1 < limit; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String text = new String(buffer, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return text;
                }
            }
            scanned = Math.max(pos, limit - 1);
            if (limit - pos >= MAX_HEADER_BYTES) {
                throw HttpProblem.badRequest("a part of the multipart body has more than 16 KiB of headers");
            }
            if (eof) {
                throw HttpProblem.badRequest("the multipart body ends inside a part's headers");
            }
            int before = pos;
            fill();
            scanned -= before - pos;
        }
    }

    private void require(int bytes) throws IOException {
        while (limit - pos < bytes) {
            if (eof) {
                throw HttpProblem.badRequest("the multipart body ends after a boundary");
            }
            fill();
        }
    }

    /** Moves what is left to the front and reads more; marks the end of the body. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            searchedUntil = Math.max(0, searchedUntil - pos);
            found = found >= pos ? found - pos : -1;
            pos = 0;
        }
        if (limit == buffer.length) {
            throw new IllegalStateException("the buffer is full"); // callers take bytes before asking for more
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
            return;
        }
        read += n;
        limit += n;
        if (read > maxBody) {
            throw new HttpProblem(413, "the body has more than " + maxBody + " bytes; " + limitIs);
        }
    }
}
