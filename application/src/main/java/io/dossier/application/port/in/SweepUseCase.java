package io.dossier.application.port.in;

/**
 * Cleans the store: closes expired upload tickets (completing those whose upload did land) and
 * deletes objects that no committed version and no live ticket refers to, once they are older
 * than the grace period; purges documents whose time in the trash is over (unless a retention or
 * legal hold keeps them). Never deletes an object a committed version refers to.
 */
public interface SweepUseCase {

    Report sweep();

    /**
     * @param failures       tickets or objects that could not be dealt with in this run (each is
     *                       logged and tried again by the next run)
     * @param uploadsAborted unfinished multipart uploads in the store (left by a crash mid-upload)
     *                       older than the grace period, aborted so that their parts are freed
     * @param documentsPurged documents removed for good after their time in the trash
     */
    record Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept, int failures,
                  int uploadsAborted, int documentsPurged) {
        public Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept, int failures,
                      int uploadsAborted) {
            this(ticketsExpired, ticketsCompleted, objectsDeleted, objectsKept, failures, uploadsAborted, 0);
        }

        public Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept, int failures) {
            this(ticketsExpired, ticketsCompleted, objectsDeleted, objectsKept, failures, 0);
        }

        public Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept) {
            this(ticketsExpired, ticketsCompleted, objectsDeleted, objectsKept, 0, 0);
        }
    }
}
