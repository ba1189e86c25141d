package io.dossier.application.port.in;

import java.time.Duration;

/**
 * What the workers of a service call: make the renditions that are due. Work is shared through
 * the renditions store, so any number of workers in any number of processes may call it.
 */
public interface MakeRenditionsUseCase {

    /** Makes up to {@code max} due renditions; answers how many it took on (0: nothing is due). */
    int makeDue(int max);

    /**
     * Waits until a version was stored in this process since the last call, or {@code timeout}
     * passed, so that an idle worker need not poll fast. Other processes' versions are found by
     * the next {@link #makeDue(int)}.
     */
    void awaitWork(Duration timeout) throws InterruptedException;

    /**
     * Pends up to {@code max} versions whose rendition is missing or was made by another maker
     * (after an upgrade); answers how many. Repeated until 0 it has covered every version.
     */
    int pendStale(int max);
}
