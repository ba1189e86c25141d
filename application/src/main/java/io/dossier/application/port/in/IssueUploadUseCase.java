package io.dossier.application.port.in;

import io.dossier.application.port.UploadForm;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.FileNames;
import io.dossier.domain.Filing;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Visibility;

import java.util.Optional;

/**
 * Lets a client put content straight into the store: issues an upload ticket and a presigned
 * form for one exact key, for a new document (created without content) or an existing one.
 */
public interface IssueUploadUseCase {

    IssuedUpload issueUpload(Command command);

    /**
     * @param documentId  the document whose content the upload replaces; empty creates a document
     * @param filing      where a new document is filed
     * @param visibility  the visibility to set; empty keeps it (private for a new document)
     * @param expectation for a replacement: the version the client saw; stale → precondition failed
     * @param maxBytes    the most bytes the form accepts
     * @param name        the name of a new document; empty names it after the file
     */
    record Command(Principal principal, Optional<DocumentId> documentId, Filing filing, String fileName,
                   String mediaType, Optional<Visibility> visibility, Expectation expectation,
                   Optional<String> repositoryId, long maxBytes, Optional<String> name) {
        public Command(Principal principal, Optional<DocumentId> documentId, Filing filing, String fileName,
                       String mediaType, Optional<Visibility> visibility, Expectation expectation,
                       Optional<String> repositoryId, long maxBytes) {
            this(principal, documentId, filing, fileName, mediaType, visibility, expectation, repositoryId, maxBytes,
                    Optional.empty());
        }

        public Command {
            name = name == null ? Optional.empty() : name;
            if (name.isPresent() && documentId.isPresent()) {
                throw new DocumentException.InvalidInput("a name is for a new document; an upload keeps the name");
            }
            if (principal == null || documentId == null || filing == null || visibility == null
                    || repositoryId == null) {
                throw new DocumentException.InvalidInput("principal, document id, filing and visibility are required");
            }
            fileName = FileNames.check(fileName);
            mediaType = MediaTypes.wellFormed(mediaType);
            expectation = expectation == null ? Expectation.NONE : expectation;
            if (maxBytes < 1) {
                throw new DocumentException.InvalidInput("size limit must be positive");
            }
        }
    }

    /** The document as it is now, the ticket, the form, and a public token when the document is public. */
    record IssuedUpload(Document document, UploadTicket ticket, UploadForm form,
                        Optional<PublicTokenUseCase.IssuedToken> publicToken) {
    }
}
