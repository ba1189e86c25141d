package io.dossier.adapter.persistence;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Single-row writes of concurrent callers, committed together: one transaction, one round trip
 * per statement shape and one durable commit for all of them, instead of one each. Every caller
 * still returns only once its own row is committed (or has failed). The first caller to get the
 * writer's lock writes whatever is queued, its own row and those of the callers waiting behind
 * it; they find theirs done when the lock comes to them.
 *
 * <p>Rows of one batch must not depend on each other: a caller's row is only queued after every
 * row it depends on was committed, which holds because each caller waits for its commit.
 */
final class GroupCommit {
    /** Rows per transaction, so that a burst does not make one caller write for everyone for long. */
    static final int MAX_ROWS = 64;

    private final Jdbi jdbi;
    private final ReentrantLock writer = new ReentrantLock();
    private final Queue<Row> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();

    GroupCommit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Writes one row and answers its update count once committed.
     *
     * @param sql    a statement writing one row; rows with the same text are sent as one batch
     * @param bind   binds the row's parameters to the batch (without adding it)
     * @param action what the write is, for the error
     */
    int write(String sql, Consumer<PreparedBatch> bind, String action) {
        Row row = new Row(sql, bind, action);
        queue.add(row);
        writer.lock();
        try {
            while (!row.done) {
                writeQueued();
            }
        } finally {
            writer.unlock();
        }
        if (row.failure != null) {
            throw row.failure;
        }
        return row.count;
    }

    private void writeQueued() {
        List<Row> rows = new ArrayList<>();
        for (Row next; rows.size() < MAX_ROWS && (next = queue.poll()) != null; ) {
            rows.add(next);
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            writeTogether(rows);
        } catch (RuntimeException together) {
            if (rows.size() == 1) {
                rows.get(0).fail(SqlErrors.translate(together, rows.get(0).action));
                return;
            }
            // One bad row fails the whole transaction: write each alone, so each caller gets its own answer.
            for (Row row : rows) {
                try {
                    writeTogether(List.of(row));
                } catch (RuntimeException alone) {
                    row.fail(SqlErrors.translate(alone, row.action));
                }
            }
        }
    }

    private void writeTogether(List<Row> rows) {
        Map<String, List<Row>> bySql = new LinkedHashMap<>();
        for (Row row : rows) {
            bySql.computeIfAbsent(row.sql, sql -> new ArrayList<>()).add(row);
        }
        transactions.incrementAndGet();
        this.rows.addAndGet(rows.size());
        int[][] counts = jdbi.inTransaction(handle -> {
            int[][] all = new int[bySql.size()][];
            int i = 0;
            for (Map.Entry<String, List<Row>> shape : bySql.entrySet()) {
                PreparedBatch batch = handle.prepareBatch(shape.getKey());
                for (Row row : shape.getValue()) {
                    row.bind.accept(batch);
                    batch.add();
                }
                all[i++] = batch.execute();
            }
            return all;
        });
        int i = 0;
        for (List<Row> shape : bySql.values()) {
            for (int j = 0; j < shape.size(); j++) {
                shape.get(j).succeed(counts[i][j]);
            }
            i++;
        }
    }

    /** Transactions begun so far, and the rows they carried: how much was written together. */
    long transactions() {
        return transactions.get();
    }

    long rows() {
        return rows.get();
    }

    /** A queued row; its outcome is written and read under the writer's lock. */
    private static final class Row {
        final String sql;
        final Consumer<PreparedBatch> bind;
        final String action;
        boolean done;
        int count;
        RuntimeException failure;

        Row(String sql, Consumer<PreparedBatch> bind, String action) {
            this.sql = sql;
            this.bind = bind;
            this.action = action;
        }

        void succeed(int updated) {
            count = updated;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }
    }
}
