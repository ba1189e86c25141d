package io.dossier.testing;

import io.dossier.application.port.out.Patients;
import io.dossier.testing.contract.PatientsContract;

class InMemoryPatientsTest extends PatientsContract {
    private final InMemoryPatients patients = new InMemoryPatients();

    @Override
    protected Patients patients() {
        return patients;
    }
}
