package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Patients;
import io.dossier.testing.contract.PatientsContract;

/** The {@link Patients} contract against PostgreSQL. */
class JdbiPatientsTest extends PatientsContract {
    @Override
    protected Patients patients() {
        return TestDatabase.persistence().patients();
    }
}
