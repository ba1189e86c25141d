package io.dossier.application.service;

import io.dossier.domain.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The bytes of a landed upload on their way to its copy: exactly the length the store reported
 * when the upload was looked at, with the first ones kept for the signature check. An object
 * that turns out longer or shorter was posted again meanwhile; the read then fails before the
 * copy is complete, so no copy of mixed or cut bytes is ever stored.
 */
final class LandedBytes extends InputStream {
    private final InputStream in;
    private final long length;
    private final byte[] head = new byte[MediaTypes.SIGNATURE_LENGTH];
    private int headLength;
    private long passed;
    private String changed;

    LandedBytes(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (passed == length) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(count, length - passed));
        if (n < 0) {
            throw fail("the upload ended after " + passed + " of " + length + " bytes");
        }
        if (headLength < head.length) {
            int kept = Math.min(n, head.length - headLength);
            System.arraycopy(buffer, offset, head, headLength, kept);
            headLength += kept;
        }
        passed += n;
        // Checked with the last byte, before the store can take the copy as whole.
        if (passed == length && in.read() >= 0) {
            throw fail("the upload has more than the " + length + " bytes it had");
        }
        return n;
    }

    /** An I/O failure to whoever reads (a store fails its write on it), remembered for the caller. */
    private IOException fail(String message) {
        changed = message;
        return new IOException(message);
    }

    /** Why the read failed, when the object changed under it. */
    Optional<Changed> changed() {
        return Optional.ofNullable(changed).map(Changed::new);
    }

    byte[] head() {
        return Arrays.copyOf(head, headLength);
    }

    /** The landed object changed while it was being read. */
    static final class Changed extends RuntimeException {
        Changed(String message) {
            super(message);
        }
    }
}
