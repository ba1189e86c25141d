package io.dossier.domain;

/** An inclusive range of bytes within content, as HTTP's {@code Range: bytes=first-last} names one. */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new DocumentException.InvalidInput("bad range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
