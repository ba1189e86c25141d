package io.dossier.application.port.in;

import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.Patient;
import io.dossier.domain.TenantId;

import java.io.IOException;
import java.io.InputStream;

/**
 * A tenant's documents (every version, tag and public token, and the bytes of each version) and
 * patients, carried out of one Dossier and into another: a backup that can be restored. The
 * archive's form is the caller's; this use case hands over and takes back the parts. An
 * operator's use case.
 */
public interface TransferTenantUseCase {

    /** Where an export goes. Objects come before the documents that refer to them. */
    interface Archive {
        /** True when the archive holds these bytes already (objects are kept once per SHA-256). */
        boolean holds(ContentRef content) throws IOException;

        /** Keeps the bytes of a version; the stream is the use case's to close. */
        void content(ContentRef content, InputStream bytes) throws IOException;

        void document(Document.Snapshot document) throws IOException;

        void patient(Patient patient) throws IOException;
    }

    /** Where an import finds the bytes of a version. */
    interface Contents {
        /** The bytes of this content; the caller closes the stream. */
        InputStream open(ContentRef content) throws IOException;
    }

    record Exported(long documents, long versions, long objects, long bytes, long patients) {
    }

    /** Writes every document and patient of the tenant into the archive. */
    Exported export(TenantId tenant, Archive archive);

    /**
     * Restores one exported document with everything it held, into its tenant, and stores its
     * versions' bytes, each checked against its recorded length and SHA-256 before the document
     * exists. Its text renditions are made again. A document the tenant holds already (of the same
     * id) is left as it is, so that an interrupted import can be run again.
     *
     * @return the document as saved; empty when the tenant held it already
     * @throws io.dossier.domain.DocumentException.Conflict when its number or an object's key is taken
     * @throws io.dossier.domain.DocumentException.ContentRejected when bytes differ from what a version recorded
     */
    java.util.Optional<Document> restore(Document.Snapshot document, Contents contents);

    /**
     * Registers an exported patient.
     *
     * @throws io.dossier.domain.DocumentException.Conflict when the tenant has a patient of that id already
     */
    void restore(Patient patient);
}
