package io.dossier.adapter.storage;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write timeout of streamed PUTs, kept by one watching thread instead of by the HTTP client.
 *
 * <p>OkHttp times every write to a socket with Okio's {@code AsyncTimeout}: each write of at most
 * 64 KiB enqueues a deadline and wakes the client's watchdog thread, so a 256 MiB body cost 4,096
 * wake-ups and as many context switches on the path every byte takes (a fifth of the request
 * thread's wall time in a profile of uploads). The streamed PUTs run on a client without a write
 * timeout; each body marks the moment it starts a write and clears it when the write returns, and
 * this class cancels the call of a write that has waited longer than the timeout, which closes
 * its socket and fails the write as the client's own timeout would.
 */
final class WriteStalls implements AutoCloseable {
    private final long timeoutNanos;
    private final Set<Write> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dossier-s3-write-stalls");
        thread.setDaemon(true);
        return thread;
    });

    WriteStalls(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long every = Math.max(10, Math.min(1_000, timeout.toMillis() / 4));
        watcher.scheduleWithFixedDelay(this::cancelStalled, every, every, TimeUnit.MILLISECONDS);
    }

    /** A write in progress on {@code call}; close it when the body is written or has failed. */
    Write watch(okhttp3.Call call) {
        Write write = new Write(call);
        watched.add(write);
        return write;
    }

    private void cancelStalled() {
        long now = System.nanoTime();
        for (Write write : watched) {
            long since = write.writingSince;
            if (since != 0 && now - since > timeoutNanos) {
                write.stalled = true;
                write.call.cancel();
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    final class Write implements AutoCloseable {
        private final okhttp3.Call call;
        /** {@code System.nanoTime()} when the current write began; 0 between writes. */
        private volatile long writingSince;
        private volatile boolean stalled;

        private Write(okhttp3.Call call) {
            this.call = call;
        }

        void starting() {
            long now = System.nanoTime();
            writingSince = now == 0 ? 1 : now;
        }

        void done() {
            writingSince = 0;
        }

        /** Whether this write was cancelled for waiting too long. */
        boolean stalled() {
            return stalled;
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }
}
