package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.FileNames;
import io.dossier.domain.MediaTypes;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bytes arriving with a command. The stream belongs to the caller, who closes it; the use case
 * reads it once, to its end.
 *
 * @param repositoryId where to store it; empty for the default repository
 * @param maxBytes     the most bytes accepted; more gives {@link DocumentException.ContentTooLarge}
 * @param acceptedTypes media type prefixes accepted (e.g. {@code image/}); empty accepts any
 * @param requireSignature when true, types with known magic bytes must start with them
 * @param length     the number of bytes the stream will give, when the sender said so beforehand
 *                   (stores may then pass them on in one request)
 */
public record NewContent(InputStream data, String fileName, String mediaType, Optional<String> repositoryId,
                         long maxBytes, List<String> acceptedTypes, boolean requireSignature,
                         OptionalLong length) {
    public NewContent {
        if (data == null) {
            throw new DocumentException.InvalidInput("content is required");
        }
        fileName = FileNames.check(fileName);
        mediaType = MediaTypes.wellFormed(mediaType);
        repositoryId = repositoryId == null ? Optional.empty() : repositoryId;
        if (maxBytes < 1) {
            throw new DocumentException.InvalidInput("size limit must be positive");
        }
        acceptedTypes = List.copyOf(acceptedTypes);
        length = length == null ? OptionalLong.empty() : length;
        if (length.isPresent() && (length.getAsLong() < 0 || length.getAsLong() > maxBytes)) {
            throw new DocumentException.ContentTooLarge(maxBytes);
        }
        if (length.isPresent() && length.getAsLong() == 0) {
            throw new DocumentException.InvalidInput(EMPTY);
        }
    }

    /**
     * Why empty content is refused, on every path: a version of no bytes is never what a client
     * meant (an unread file, a lost body), and a presigned form cannot carry one either.
     */
    public static final String EMPTY = "the content is empty: a version needs at least one byte";

    public NewContent(InputStream data, String fileName, String mediaType, Optional<String> repositoryId,
                      long maxBytes, List<String> acceptedTypes, boolean requireSignature) {
        this(data, fileName, mediaType, repositoryId, maxBytes, acceptedTypes, requireSignature, OptionalLong.empty());
    }

    /** Content of any type, checked against its magic bytes where the type has them. */
    public static NewContent of(InputStream data, String fileName, String mediaType, long maxBytes) {
        return new NewContent(data, fileName, mediaType, Optional.empty(), maxBytes, List.of(), true);
    }

    public NewContent inRepository(Optional<String> repository) {
        return new NewContent(data, fileName, mediaType, repository, maxBytes, acceptedTypes, requireSignature,
                length);
    }

    public NewContent accepting(List<String> typePrefixes, boolean signature) {
        return new NewContent(data, fileName, mediaType, repositoryId, maxBytes, typePrefixes, signature, length);
    }

    /** The same content, announced to have exactly {@code bytes} bytes. */
    public NewContent withLength(long bytes) {
        return new NewContent(data, fileName, mediaType, repositoryId, maxBytes, acceptedTypes, requireSignature,
                OptionalLong.of(bytes));
    }
}
