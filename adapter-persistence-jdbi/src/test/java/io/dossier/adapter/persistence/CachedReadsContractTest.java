package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.DocumentsContract;
import io.dossier.testing.contract.RenditionsContract;
import io.dossier.testing.contract.TransactionsContract;
import io.dossier.testing.contract.UploadTicketsContract;
import org.junit.jupiter.api.Nested;

/**
 * The contracts of the stores whose reads are cached, run against an instance that keeps them
 * in memory: a cached read must answer exactly what the database would.
 */
class CachedReadsContractTest {
    private static JdbiPersistence persistence() {
        return TestDatabase.cachingPersistence();
    }

    @Nested
    class CachedDocuments extends DocumentsContract {
        @Override
        protected Documents documents() {
            return persistence().documents();
        }
    }

    @Nested
    class CachedRenditions extends RenditionsContract {
        @Override
        protected Renditions renditions() {
            return persistence().renditions();
        }

        @Override
        protected Documents documents() {
            return persistence().documents();
        }

        @Override
        protected Transactions transactions() {
            return persistence().transactions();
        }
    }

    @Nested
    class CachedUploadTickets extends UploadTicketsContract {
        @Override
        protected UploadTickets tickets() {
            return persistence().uploadTickets();
        }

        @Override
        protected Documents documents() {
            return persistence().documents();
        }
    }

    @Nested
    class CachedTransactions extends TransactionsContract {
        @Override
        protected Transactions transactions() {
            return persistence().transactions();
        }

        @Override
        protected Documents documents() {
            return persistence().documents();
        }

        @Override
        protected UploadTickets tickets() {
            return persistence().uploadTickets();
        }
    }
}
