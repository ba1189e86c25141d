package io.dossier.application.port.out;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Makes the text of a content stream. An implementation guards itself against hostile input:
 * it bounds the time one extraction takes and the length of the text it writes, and it never
 * lets a bad file fail anything but its own extraction.
 */
public interface TextExtractor {

    /** What made a text (name and version), so that an upgrade can make texts again. */
    String maker();

    /** The longest content, in bytes, it reads; longer content fails without being read. */
    long maxContentBytes();

    /**
     * Writes the text of {@code content} to {@code text} as UTF-8. Neither stream is closed.
     *
     * @param mediaType the type the content was stored with (a hint: the content decides)
     * @throws java.io.UncheckedIOException when reading the content fails (the store, not the file:
     *         worth trying again)
     */
    Extraction extract(InputStream content, String mediaType, String fileName, OutputStream text);

    /** How an extraction ended; {@code note} says why for every outcome but TEXT. */
    record Extraction(Outcome outcome, Optional<String> note) {
        public Extraction {
            note = note == null ? Optional.empty() : note;
            if (outcome != Outcome.TEXT && note.isEmpty()) {
                throw new IllegalArgumentException(outcome + " needs a note");
            }
        }

        public static Extraction text() {
            return new Extraction(Outcome.TEXT, Optional.empty());
        }

        public static Extraction of(Outcome outcome, String note) {
            return new Extraction(outcome, Optional.of(note));
        }
    }

    enum Outcome {
        /** The whole text was written. */
        TEXT,
        /** The text was cut at a limit; what was written is kept. */
        TRUNCATED,
        /** The content has no text (its type carries none). */
        NO_TEXT,
        /** The content could not be read as what it is (corrupt, encrypted, too slow): for good. */
        FAILED
    }
}
