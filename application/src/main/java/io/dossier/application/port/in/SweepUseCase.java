package io.dossier.application.port.in;

/**
 * Cleans the store: closes expired upload tickets (completing those whose upload did land) and
 * deletes objects that no committed version and no live ticket refers to, once they are older
 * than the grace period. Never deletes an object a committed version refers to.
 */
public interface SweepUseCase {

    Report sweep();

    /**
     * @param failures tickets or objects that could not be dealt with in this run (each is logged
     *                 and tried again by the next run)
     */
    record Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept, int failures) {
        public Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept) {
            this(ticketsExpired, ticketsCompleted, objectsDeleted, objectsKept, 0);
        }
    }
}
