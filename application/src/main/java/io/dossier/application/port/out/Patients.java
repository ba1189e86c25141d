package io.dossier.application.port.out;

import io.dossier.domain.Patient;

import io.dossier.domain.TenantId;

import java.util.Optional;

/**
 * Where patients are kept. A patient belongs to one tenant; its id is unique within that tenant
 * (another tenant may use the same id for a patient of its own). Lookups are within a tenant:
 * another tenant's patients do not exist.
 */
public interface Patients {

    /**
     * Stores a new patient.
     *
     * @throws io.dossier.domain.DocumentException.Conflict when the tenant has a patient of that id
     */
    void register(Patient patient);

    /** The tenant's patient with this id. */
    Optional<Patient> find(TenantId tenant, long id);

    /** The tenant's patients, by id. */
    java.util.List<Patient> list(TenantId tenant);
}
