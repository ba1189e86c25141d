package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.ResumableUpload;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;

import java.io.InputStream;
import java.util.Optional;

/**
 * Uploads a client sends in pieces, resuming where the store stands after a broken connection
 * (the tus protocol in the REST adapter). Each upload has an upload ticket of the same id: once
 * every byte has arrived, the ticket's completion checks the content and makes the version,
 * exactly once, as for a presigned upload.
 */
public interface ResumableUploadUseCase {

    /**
     * Starts an upload of exactly {@code upload.maxBytes()} bytes, for a new document or a new
     * version of an existing one; nothing is received yet.
     */
    Progress begin(Begin command);

    /**
     * Where the upload stands.
     *
     * @throws DocumentException.NotFound for an unknown, terminated or expired upload, or another tenant's
     */
    Progress progress(Principal principal, String uploadId);

    /**
     * Receives {@code command.length()} bytes at {@code command.offset()}. The bytes are kept
     * as they arrive, part by part, unless a checksum was given: then nothing of this request is
     * kept unless all of it matches. When the last byte arrives the version is made.
     *
     * @throws DocumentException.Conflict when the offset is not where the upload stands, or
     *         another request is writing to it
     * @throws DocumentException.ChecksumMismatch when the bytes do not have the given SHA-256
     * @throws DocumentException.ContentTooLarge when the bytes would go past the upload's length
     * @throws DocumentException.NotFound as for {@link #progress}
     */
    Progress append(Append command, InputStream body);

    /** Gives the upload up: its received bytes are deleted and its ticket fails. */
    void terminate(Principal principal, String uploadId);

    /**
     * @param upload   the ticket to issue; its {@code maxBytes} is the upload's exact length
     * @param metadata what the client said about the upload, kept as sent and shown back
     */
    record Begin(IssueUploadUseCase.Command upload, String metadata) {
        public Begin {
            if (upload == null) {
                throw new DocumentException.InvalidInput("the upload is required");
            }
            metadata = metadata == null ? "" : metadata;
            if (metadata.length() > 4096) {
                throw new DocumentException.InvalidInput("upload metadata has at most 4096 characters");
            }
        }

        public long length() {
            return upload.maxBytes();
        }
    }

    /**
     * @param length the bytes the body carries
     * @param sha256 the SHA-256 the client gave for them, if any
     */
    record Append(Principal principal, String uploadId, long offset, long length, Optional<byte[]> sha256) {
        public Append {
            if (principal == null || uploadId == null || sha256 == null) {
                throw new DocumentException.InvalidInput("principal, upload id and checksum are required");
            }
            if (offset < 0 || length < 0) {
                throw new DocumentException.InvalidInput("offset and length must not be negative");
            }
            if (sha256.isPresent() && sha256.get().length != 32) {
                throw new DocumentException.InvalidInput("a SHA-256 has 32 bytes");
            }
            sha256 = sha256.map(byte[]::clone);
        }
    }

    /** The upload, its ticket (which names the document), and the version once it is made. */
    record Progress(ResumableUpload upload, UploadTicket ticket, Optional<Version> version) {
    }
}
