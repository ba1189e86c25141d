package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Patients;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import io.dossier.domain.TenantId;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.util.Optional;

/** Patients in PostgreSQL, one row each; the primary key (tenant, id) keeps ids unique per tenant. */
final class JdbiPatients implements Patients {
    private final Jdbi jdbi;

    JdbiPatients(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void register(Patient patient) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate(
                            "INSERT INTO patients (id, tenant, name) VALUES (:id, :tenant, :name)")
                    .bind("id", patient.id())
                    .bind("tenant", patient.tenant().value())
                    .bind("name", patient.name())
                    .execute());
        } catch (JdbiException e) {
            RuntimeException translated = SqlErrors.translate(e, "registering patient " + patient.id());
            if (translated instanceof DocumentException.Conflict) {
                throw new DocumentException.Conflict("patient " + patient.id() + " exists already");
            }
            throw translated;
        }
    }

    @Override
    public Optional<Patient> find(TenantId tenant, long id) {
        return call("finding patient " + id, handle -> handle.createQuery(
                        "SELECT id, tenant, name FROM patients WHERE tenant = :tenant AND id = :id")
                .bind("tenant", tenant.value())
                .bind("id", id)
                .map((rs, ctx) -> new Patient(rs.getLong("id"), new TenantId(rs.getString("tenant")),
                        rs.getString("name")))
                .findOne());
    }

    @Override
    public java.util.List<Patient> list(TenantId tenant) {
        return call("listing patients", handle -> handle.createQuery(
                        "SELECT id, tenant, name FROM patients WHERE tenant = :tenant ORDER BY id")
                .bind("tenant", tenant.value())
                .map((rs, ctx) -> new Patient(rs.getLong("id"), new TenantId(rs.getString("tenant")),
                        rs.getString("name")))
                .list());
    }

    private <T> T call(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw SqlErrors.translate(e, action);
        }
    }
}
