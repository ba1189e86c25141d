package io.dossier.application.service;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.PatientsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.out.Patients;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.MediaTypes;
import io.dossier.domain.Metadata;
import io.dossier.domain.Patient;
import io.dossier.domain.Visibility;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Patients, and their PDFs as documents made by the one create-document use case. */
public final class PatientService implements PatientsUseCase {
    static final String PDF = "application/pdf";
    /** Declared types a client may send a PDF under; the bytes decide whether it is one. */
    private static final Set<String> PDF_DECLARATIONS = Set.of(PDF, "application/x-pdf", "application/octet-stream",
            "binary/octet-stream");

    private final Patients patients;
    private final CreateDocumentUseCase documents;

    public PatientService(Patients patients, CreateDocumentUseCase documents) {
        this.patients = patients;
        this.documents = documents;
    }

    @Override
    public Patient register(RegisterCommand command) {
        command.principal().require(Permission.WRITE);
        Patient patient = new Patient(command.patientId(), command.principal().tenant(), command.name());
        patients.register(patient);
        return patient;
    }

    @Override
    public Patient get(Principal principal, long patientId) {
        principal.require(Permission.READ);
        return reachable(principal, patientId);
    }

    @Override
    public Document uploadPdf(UploadPdfCommand command) {
        Principal principal = command.principal();
        principal.require(Permission.WRITE);
        Patient patient = reachable(principal, command.patientId());
        NewContent content = command.content();
        if (!content.fileName().toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            throw new DocumentException.InvalidInput("the file name must end in .pdf");
        }
        if (!PDF_DECLARATIONS.contains(MediaTypes.essence(content.mediaType()))) {
            throw new DocumentException.ContentRejected("the file is declared as "
                    + MediaTypes.essence(content.mediaType()) + ", not as a PDF", true);
        }
        // Stored as a PDF whatever the declaration: the PDF signature check then decides.
        NewContent pdf = new NewContent(content.data(), content.fileName(), PDF, content.repositoryId(),
                content.maxBytes(), List.of(PDF), true, content.length());
        return documents.create(new CreateDocumentUseCase.Command(principal, new Filing.Patient(patient.id()),
                Metadata.named(content.fileName()), Visibility.PRIVATE, Optional.of(pdf)));
    }

    private Patient reachable(Principal principal, long patientId) {
        if (patientId < 1) {
            throw new DocumentException.NotFound("patient " + patientId + " does not exist");
        }
        // Another tenant's patient looks exactly like one that does not exist; the 403 of the patient
        // API is for a principal of the tenant whose scope leaves the patient out.
        Patient patient = patients.find(principal.tenant(), patientId)
                .orElseThrow(() -> new DocumentException.NotFound("patient " + patientId + " does not exist"));
        principal.requirePatient(patientId);
        return patient;
    }
}
