package io.dossier.application.port.out;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) the bytes that pass, and stops with {@link LimitExceeded} as soon
 * as more than the limit have arrived. For {@link ContentStore} implementations.
 */
public final class MeasuringInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final long limit;
    private long count;
    private boolean exceeded;

    public MeasuringInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest: read them instead.
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The caller who opened the underlying stream closes it.
    }

    private void advance(int n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new LimitExceeded(limit);
        }
    }

    public long count() {
        return count;
    }

    public boolean exceeded() {
        return exceeded;
    }

    /** Lower-case hex SHA-256 of all bytes read; call once, at the end. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Thrown from {@code read} when the limit is passed. */
    public static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(long limit) {
            super("more than " + limit + " bytes");
        }
    }
}
