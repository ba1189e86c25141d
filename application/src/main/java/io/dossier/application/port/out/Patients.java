package io.dossier.application.port.out;

import io.dossier.domain.Patient;

import java.util.Optional;

/**
 * Where patients are kept. Patient ids are unique across all tenants, so lookups are by id
 * alone; callers check the tenant themselves.
 */
public interface Patients {

    /**
     * Stores a new patient.
     *
     * @throws io.dossier.domain.DocumentException.Conflict when the id is taken, in any tenant
     */
    void register(Patient patient);

    /** The patient with this id, whatever its tenant. */
    Optional<Patient> find(long id);
}
