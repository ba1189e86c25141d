package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.testing.contract.DocumentsContract;

class InMemoryDocumentsTest extends DocumentsContract {
    private final InMemoryDocuments documents = new InMemoryDocuments();

    @Override
    protected Documents documents() {
        return documents;
    }
}
