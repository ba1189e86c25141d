package io.dossier.domain;

/**
 * A patient whose documents are filed with them ({@link Filing.Patient}). Patient ids are
 * integers chosen by the client, unique within the tenant the patient belongs to.
 */
public record Patient(long id, TenantId tenant, String name) {
    public Patient {
        if (id < 1) {
            throw new DocumentException.InvalidInput("patient id must be positive");
        }
        Checks.present(tenant, "tenant");
        Checks.text(name, "patient name", 255);
    }
}
