package io.dossier.testing;

import io.dossier.application.port.out.ResumableUploads;
import io.dossier.testing.contract.ResumableUploadsContract;

class InMemoryResumableUploadsTest extends ResumableUploadsContract {
    private final InMemoryResumableUploads uploads = new InMemoryResumableUploads();

    @Override
    protected ResumableUploads uploads() {
        return uploads;
    }
}
