package io.dossier.adapter.persistence;

import io.dossier.application.port.out.ResumableUploads;
import io.dossier.testing.contract.ResumableUploadsContract;

/** The {@link ResumableUploads} contract against PostgreSQL. */
class JdbiResumableUploadsTest extends ResumableUploadsContract {
    @Override
    protected ResumableUploads uploads() {
        return TestDatabase.persistence().resumableUploads();
    }
}
