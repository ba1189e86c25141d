package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;

/**
 * Patients and the PDFs filed with them. A patient of another tenant is known to exist but
 * refused ({@link DocumentException.PermissionDenied}): the patient API says so, unlike the
 * document APIs, where other tenants' documents do not exist.
 */
public interface PatientsUseCase {

    /** @throws DocumentException.Conflict when the id is taken, in any tenant */
    Patient register(RegisterCommand command);

    /**
     * @throws DocumentException.NotFound when there is no such patient
     * @throws DocumentException.PermissionDenied when the patient belongs to another tenant
     */
    Patient get(Principal principal, long patientId);

    /**
     * Files a PDF with a patient: a new document with the PDF as its first version. The file name
     * must end in {@code .pdf}; the bytes must be a PDF (whatever type the client declared, as
     * long as it is a PDF or unspecific binary).
     *
     * @throws DocumentException.InvalidInput for a name without {@code .pdf}
     * @throws DocumentException.ContentRejected for anything that is not a PDF
     * @throws DocumentException.ContentTooLarge above the content's limit
     */
    Document uploadPdf(UploadPdfCommand command);

    record RegisterCommand(Principal principal, long patientId, String name) {
        public RegisterCommand {
            if (principal == null) {
                throw new DocumentException.InvalidInput("principal is required");
            }
        }
    }

    record UploadPdfCommand(Principal principal, long patientId, NewContent content) {
        public UploadPdfCommand {
            if (principal == null || content == null) {
                throw new DocumentException.InvalidInput("principal and content are required");
            }
        }
    }
}
