package io.dossier.application.port.out;

import java.util.function.Supplier;

/**
 * The unit of work: runs several writes to the stores of one persistence (documents, upload
 * tickets, patients) so that all of them are kept, or none. Calls of the stores inside the work
 * join it; a unit of work inside another joins the outer one.
 */
public interface Transactions {

    /**
     * Runs {@code work}; when it throws, none of the writes it made are kept and the exception
     * is rethrown.
     */
    <T> T inTransaction(Supplier<T> work);

    /** For stores that keep each write on its own (no atomicity across writes): runs the work as it is. */
    Transactions NONE = new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    };
}
