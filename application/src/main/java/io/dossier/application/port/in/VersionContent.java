package io.dossier.application.port.in;

import io.dossier.domain.ByteRange;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Version;

import java.io.InputStream;
import java.util.Optional;

/**
 * The content of one version, ready to be opened. Nothing is read until {@link #open}; the
 * caller closes the stream it opens.
 */
public interface VersionContent {

    DocumentId documentId();

    Version version();

    /** Opens the whole content, or an inclusive byte range of it. */
    InputStream open(Optional<ByteRange> range);
}
