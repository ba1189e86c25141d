package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The text of one version, made from its content after the version was stored. It belongs to
 * that version: it is made once (again only when asked), lives in the version's repository as a
 * stream of its own, and goes with the version. Until it is made it is pending; then it is done
 * (with its content, perhaps truncated), failed (with the reason), or not applicable (the media
 * type has no text).
 *
 * @param attempts how often making it was tried; a pending rendition is tried again until the
 *                 limit of its maker
 * @param reason   why it failed, is not applicable or was truncated; empty otherwise
 */
public record Rendition(DocumentId documentId, VersionNumber version, State state, Optional<ContentRef> content,
                        boolean truncated, Optional<String> reason, int attempts, Instant updatedAt) {
    public static final String MEDIA_TYPE = "text/plain; charset=utf-8";
    public static final String FILE_NAME = "content.txt";
    /** The one kind made today; the APIs name it. */
    public static final String KIND = "text";

    public enum State { PENDING, DONE, FAILED, NOT_APPLICABLE }

    public Rendition {
        Checks.present(documentId, "document id");
        Checks.present(version, "version");
        Checks.present(state, "rendition state");
        content = content == null ? Optional.empty() : content;
        reason = reason == null ? Optional.empty() : reason.map(r -> r.length() > 500 ? r.substring(0, 500) : r);
        Checks.present(updatedAt, "update time");
        if (attempts < 0) {
            throw new DocumentException.InvalidInput("attempts must not be negative");
        }
        if ((state == State.DONE) != content.isPresent()) {
            throw new DocumentException.InvalidInput("a rendition has content exactly when it is done");
        }
        content.ifPresent(text -> {
            if (!text.fileName().equals(FILE_NAME) || !MediaTypes.essence(text.mediaType()).equals("text/plain")) {
                throw new DocumentException.InvalidInput("a text rendition is text/plain named " + FILE_NAME);
            }
        });
        if (truncated && state != State.DONE) {
            throw new DocumentException.InvalidInput("only a done rendition can be truncated");
        }
        if ((state == State.FAILED || state == State.NOT_APPLICABLE) && reason.isEmpty()) {
            throw new DocumentException.InvalidInput("a " + state + " rendition says why");
        }
    }

    /** A rendition still to be made for a version stored {@code at}. */
    public static Rendition pending(DocumentId documentId, VersionNumber version, Instant at) {
        return new Rendition(documentId, version, State.PENDING, Optional.empty(), false, Optional.empty(), 0, at);
    }

    public Rendition done(ContentRef text, Optional<String> truncatedBecause, Instant at) {
        requirePending();
        return new Rendition(documentId, version, State.DONE, Optional.of(text), truncatedBecause.isPresent(),
                truncatedBecause, attempts + 1, at);
    }

    public Rendition notApplicable(String why, Instant at) {
        requirePending();
        return new Rendition(documentId, version, State.NOT_APPLICABLE, Optional.empty(), false, Optional.of(why),
                attempts + 1, at);
    }

    /** Failed for good: {@code maxAttempts} tries are used up or the failure will not change. */
    public Rendition failed(String why, Instant at) {
        requirePending();
        return new Rendition(documentId, version, State.FAILED, Optional.empty(), false, Optional.of(why),
                attempts + 1, at);
    }

    /** Failed this time, to be tried again: still pending, one attempt more, the reason kept. */
    public Rendition retried(String why, Instant at) {
        requirePending();
        return new Rendition(documentId, version, State.PENDING, Optional.empty(), false, Optional.of(why),
                attempts + 1, at);
    }

    public boolean isPending() {
        return state == State.PENDING;
    }

    private void requirePending() {
        if (state != State.PENDING) {
            throw new DocumentException.Conflict("the rendition of version " + version + " of " + documentId
                    + " is already " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
