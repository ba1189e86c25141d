package io.dossier.application.port.in;

/**
 * Cleans the store: closes expired upload tickets (completing those whose upload did land) and
 * deletes objects that no committed version and no live ticket refers to, once they are older
 * than the grace period. Never deletes an object a committed version refers to.
 */
public interface SweepUseCase {

    Report sweep();

    record Report(int ticketsExpired, int ticketsCompleted, int objectsDeleted, int objectsKept) {
    }
}
