package io.dossier.application.service;

import java.time.Duration;

/** Wakes idle workers of this process when a version was stored here. */
final class RenditionWork {
    private boolean signalled;

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        signalled = false;
    }
}
