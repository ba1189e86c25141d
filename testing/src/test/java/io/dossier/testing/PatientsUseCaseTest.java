package io.dossier.testing;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.PatientsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.Patient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The patient use case over the in-memory core. */
class PatientsUseCaseTest {
    private final InMemoryDocuments documentsStore = new InMemoryDocuments();
    private final Dossier dossier = Dossier.builder().documents(documentsStore)
            .contentStore(new InMemoryContentStore()).uploadTickets(new InMemoryUploadTickets(documentsStore))
            .patients(new InMemoryPatients()).build();
    private final Principal acme = Principal.fullAccess(TENANT, AUTHOR);
    private final Principal globex = Principal.fullAccess(OTHER_TENANT, AUTHOR);
    private static final byte[] PDF = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);

    private static NewContent content(byte[] bytes, String name, String type) {
        return NewContent.of(new ByteArrayInputStream(bytes), name, type, 1000);
    }

    private Document upload(Principal principal, long patient, NewContent content) {
        return dossier.patients().uploadPdf(new PatientsUseCase.UploadPdfCommand(principal, patient, content));
    }

    @Test
    void a_pdf_is_filed_with_its_patient() {
        dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 7, "Erika"));
        Document document = upload(acme, 7, content(PDF, "Befund.PDF", "application/octet-stream"));
        assertEquals(new Filing.Patient(7), document.filing());
        assertEquals("application/pdf", document.currentVersion().orElseThrow().content().mediaType());
        assertEquals(new Patient(7, TENANT, "Erika"), dossier.patients().get(acme, 7));
    }

    @Test
    void what_is_not_a_pdf_is_refused_and_leaves_nothing() {
        dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 8, "Max"));
        assertThrows(DocumentException.InvalidInput.class,
                () -> upload(acme, 8, content(PDF, "befund.txt", "application/pdf")));
        assertThrows(DocumentException.ContentRejected.class,
                () -> upload(acme, 8, content("hello".getBytes(StandardCharsets.UTF_8), "a.pdf", "application/pdf")));
        assertThrows(DocumentException.ContentRejected.class,
                () -> upload(acme, 8, content(PDF, "a.pdf", "image/png")));
        assertEquals(0, dossier.getDocument().count(acme));
    }

    @Test
    void ids_are_per_tenant_and_another_tenants_patient_does_not_exist() {
        dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 9, "Anna"));
        assertThrows(DocumentException.Conflict.class,
                () -> dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 9, "Anna again")));
        assertThrows(DocumentException.NotFound.class, () -> dossier.patients().get(globex, 9));
        assertThrows(DocumentException.NotFound.class, () -> upload(globex, 9, content(PDF, "a.pdf", "application/pdf")));
        assertThrows(DocumentException.NotFound.class, () -> upload(acme, 10, content(PDF, "a.pdf", "application/pdf")));
        assertEquals(0, dossier.getDocument().count(globex));
        // The id is free in another tenant, for a patient of its own.
        dossier.patients().register(new PatientsUseCase.RegisterCommand(globex, 9, "Other Anna"));
        assertEquals("Other Anna", dossier.patients().get(globex, 9).name());
        assertEquals("Anna", dossier.patients().get(acme, 9).name());
    }

    @Test
    void a_principal_limited_to_some_patients_is_refused_the_others_of_its_tenant() {
        dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 11, "In scope"));
        dossier.patients().register(new PatientsUseCase.RegisterCommand(acme, 12, "Out of scope"));
        Principal scoped = new Principal(acme.tenant(), AUTHOR, java.util.Set.of(Principal.Permission.READ,
                Principal.Permission.WRITE), java.util.Optional.empty(), java.util.Optional.of(java.util.Set.of(11L)));
        assertEquals("In scope", dossier.patients().get(scoped, 11).name());
        assertThrows(DocumentException.PermissionDenied.class, () -> dossier.patients().get(scoped, 12));
        assertThrows(DocumentException.PermissionDenied.class, () -> upload(scoped, 12, content(PDF, "a.pdf", "application/pdf")));
        upload(scoped, 11, content(PDF, "a.pdf", "application/pdf"));
        assertEquals(1, dossier.getDocument().count(acme));
        // Another patient's document exists, but the scoped principal neither counts nor lists it.
        upload(acme, 12, content(PDF, "b.pdf", "application/pdf"));
        assertEquals(2, dossier.getDocument().count(acme));
        assertEquals(1, dossier.getDocument().count(scoped));
        assertEquals(1, dossier.getDocument().list(scoped, 0, 10).size());
    }

    @Test
    void without_a_patient_store_patients_are_unavailable() {
        Dossier bare = Dossier.builder().documents(documentsStore).contentStore(new InMemoryContentStore())
                .uploadTickets(new InMemoryUploadTickets(documentsStore)).build();
        assertThrows(DocumentException.Unavailable.class, () -> bare.patients().get(acme, 1));
    }
}
