package io.dossier.benchmarks;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * A deterministic stream of bytes of a given length, never held whole: a 1 MiB random block,
 * repeated with each repetition's number mixed in, so the same length always gives the same bytes
 * whatever the read sizes.
 */
final class GeneratedStream extends InputStream {
    private static final int BLOCK = 1 << 20;
    private final byte[] block = new byte[BLOCK];
    private final long length;
    private long position;

    GeneratedStream(long length, long seed) {
        this.length = length;
        new Random(seed).nextBytes(block);
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        int b = (block[(int) (position % BLOCK)] ^ (byte) (position / BLOCK)) & 0xFF;
        position++;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; ) {
            int inBlock = (int) (position % BLOCK);
            byte round = (byte) (position / BLOCK);
            int run = Math.min(n - i, BLOCK - inBlock);
            for (int j = 0; j < run; j++) {
                buffer[offset + i + j] = (byte) (block[inBlock + j] ^ round);
            }
            i += run;
            position += run;
        }
        return n;
    }

    /** SHA-256 (hex, lower case) of the whole stream. */
    static String sha256(long length, long seed) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (GeneratedStream in = new GeneratedStream(length, seed)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
