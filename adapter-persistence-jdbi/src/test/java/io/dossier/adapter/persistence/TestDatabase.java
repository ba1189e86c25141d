package io.dossier.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dossier.embedded.EmbeddedDatabase;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * The one database of a test JVM, migrated once: an external PostgreSQL when
 * {@code DOSSIER_TEST_DB_URL} (with {@code DOSSIER_TEST_DB_USER} and
 * {@code DOSSIER_TEST_DB_PASSWORD}) is set, otherwise an embedded one that stops when the JVM
 * exits. Tests share it, so each works on documents and tenants of its own.
 */
final class TestDatabase {
    private TestDatabase() {
    }

    static DataSource dataSource() {
        return Holder.DATA_SOURCE;
    }

    static JdbiPersistence persistence() {
        return Holder.PERSISTENCE;
    }

    /** A second instance on the same database, keeping reads in memory; ready once it listens for changes. */
    static JdbiPersistence cachingPersistence() {
        return Caching.PERSISTENCE;
    }

    /** Waits until the persistence's read cache hears changes (before that it keeps nothing). */
    static JdbiPersistence listening(JdbiPersistence persistence) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!persistence.cachesReads()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the read cache did not start listening within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return persistence;
    }

    private static final class Caching {
        static final JdbiPersistence PERSISTENCE = listening(JdbiPersistence.migrate(Holder.DATA_SOURCE, 10_000));
    }

    /** Started on first use only, by the class loader's lazy, thread-safe initialisation. */
    private static final class Holder {
        static final DataSource DATA_SOURCE = open();
        static final JdbiPersistence PERSISTENCE = JdbiPersistence.migrate(DATA_SOURCE);

        private static DataSource open() {
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("test-database");
            pool.setMaximumPoolSize(10);
            String url = System.getenv("DOSSIER_TEST_DB_URL");
            if (url != null && !url.isBlank()) {
                pool.setJdbcUrl(url);
                pool.setUsername(System.getenv("DOSSIER_TEST_DB_USER"));
                pool.setPassword(System.getenv("DOSSIER_TEST_DB_PASSWORD"));
                HikariDataSource external = new HikariDataSource(pool);
                Runtime.getRuntime().addShutdownHook(new Thread(external::close, "test-database-stop"));
                return external;
            }
            EmbeddedDatabase embedded = EmbeddedDatabase.start(Optional.empty());
            pool.setDataSource(embedded.dataSource());
            HikariDataSource pooled = new HikariDataSource(pool);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pooled.close();
                embedded.close();
            }, "test-database-stop"));
            return pooled;
        }
    }
}
