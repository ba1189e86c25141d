package io.dossier.testing;

import io.dossier.application.port.out.Patients;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import io.dossier.domain.TenantId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Patients in a map. Thread-safe. */
public final class InMemoryPatients implements Patients {
    private final Map<Map.Entry<TenantId, Long>, Patient> byId = new ConcurrentHashMap<>();

    @Override
    public void register(Patient patient) {
        if (byId.putIfAbsent(Map.entry(patient.tenant(), patient.id()), patient) != null) {
            throw new DocumentException.Conflict("patient " + patient.id() + " exists already");
        }
    }

    @Override
    public java.util.List<Patient> list(TenantId tenant) {
        return byId.values().stream().filter(p -> p.tenant().equals(tenant))
                .sorted(java.util.Comparator.comparingLong(Patient::id)).toList();
    }

    @Override
    public Optional<Patient> find(TenantId tenant, long id) {
        return Optional.ofNullable(byId.get(Map.entry(tenant, id)));
    }
}
