package io.dossier.domain;

/**
 * The one unchecked root of every error Dossier reports on purpose. Subclasses say what went
 * wrong in domain words; adapters decide what that means in their protocol.
 */
public abstract class DocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DocumentException(String message) {
        super(message);
    }

    protected DocumentException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The input breaks a rule of the model or a use case (a client's mistake). */
    public static final class InvalidInput extends DocumentException {
        private static final long serialVersionUID = 1L;

        public InvalidInput(String message) {
            super(message);
        }
    }

    /** The thing asked for does not exist, or does not exist for this caller. */
    public static final class NotFound extends DocumentException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /** Someone else changed the same thing first, or the state forbids the change now. */
    public static final class Conflict extends DocumentException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller's expectation of the current state (If-Match, base version) no longer holds. */
    public static final class PreconditionFailed extends DocumentException {
        private static final long serialVersionUID = 1L;

        public PreconditionFailed(String message) {
            super(message);
        }
    }

    /** The caller is known but lacks the permission or scope for this. */
    public static final class PermissionDenied extends DocumentException {
        private static final long serialVersionUID = 1L;

        public PermissionDenied(String message) {
            super(message);
        }
    }

    /** Content is larger than the limit that applies to it. */
    public static final class ContentTooLarge extends DocumentException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        public ContentTooLarge(long limit) {
            super("content exceeds the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** Content is refused for what it is: a media type not accepted, bytes that do not match it. */
    public static final class ContentRejected extends DocumentException {
        private static final long serialVersionUID = 1L;
        private final boolean mediaTypeNotAccepted;

        public ContentRejected(String message, boolean mediaTypeNotAccepted) {
            super(message);
            this.mediaTypeNotAccepted = mediaTypeNotAccepted;
        }

        /** True when the declared type itself is refused; false when the bytes do not match it. */
        public boolean mediaTypeNotAccepted() {
            return mediaTypeNotAccepted;
        }
    }

    /** Received bytes do not have the digest the sender gave for them: nothing of them is kept. */
    public static final class ChecksumMismatch extends DocumentException {
        private static final long serialVersionUID = 1L;

        public ChecksumMismatch(String message) {
            super(message);
        }
    }

    /** The content store or database cannot be reached; trying again later may work. */
    public static final class Unavailable extends DocumentException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
