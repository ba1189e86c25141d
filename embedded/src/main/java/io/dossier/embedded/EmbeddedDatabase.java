package io.dossier.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server run from a Maven artifact, for the service's embedded defaults and for
 * tests. It listens on a free port of the loopback interface only, with the superuser
 * {@code postgres} and trust authentication (any password is accepted).
 *
 * <p>Started as root it still works: the server runs in a user namespace where it is not root,
 * and the files it writes belong to the caller. The binaries are unpacked once to
 * {@code java.io.tmpdir/embedded-pg}, or to the directory named by the system property
 * {@code ot.epg.working-dir}; temporary data directories are made there as well. A persistent
 * data directory must lie elsewhere: the library deletes unlocked data directories it finds there.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final ProcessHandle postmaster;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, ProcessHandle postmaster) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.postmaster = postmaster;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the data lives across starts (created when missing, never
     *                      cleaned); when empty, a temporary directory removed by {@link #close()}
     * @throws UncheckedIOException when the server cannot be unpacked, initialised or started
     */
    public static EmbeddedDatabase start(Optional<Path> dataDirectory) {
        return start(dataDirectory, java.util.Map.of());
    }

    /**
     * Starts a server with settings of its own (for example {@code shared_buffers}), as
     * {@link #start(Optional)} does otherwise.
     */
    public static EmbeddedDatabase start(Optional<Path> dataDirectory, java.util.Map<String, String> settings) {
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            settings.forEach(builder::setServerConfig);
            if (dataDirectory.isPresent()) {
                Path directory = dataDirectory.get().toAbsolutePath();
                Files.createDirectories(directory);
                // Without this the builder wipes the directory on start and on stop. The builder's
                // default drops the last commits on a crash: fine for a throwaway database only.
                builder.setDataDirectory(directory).setCleanDataDirectory(false)
                        .setServerConfig("synchronous_commit", "on");
            } else {
                // Next to the binaries rather than in the temp directory: a later start removes
                // it there if this JVM dies before close() (the library looks for stale ones).
                Path working = workingDirectory();
                Files.createDirectories(working);
                builder.setDataDirectory(Files.createTempDirectory(working, "data-")).setCleanDataDirectory(true);
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        try {
            Path directory = Path.of(setting(postgres.getDatabase(USER, DATABASE), "data_directory"));
            return new EmbeddedDatabase(postgres, directory, postmasterOf(directory));
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(postgres, e);
            throw new IllegalStateException("embedded PostgreSQL started but does not answer as expected", e);
        }
    }

    /** Connections to the {@code postgres} database as its superuser: a new connection each time, no pool. */
    public DataSource dataSource() {
        return postgres.getDatabase(USER, DATABASE);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return postgres.getPort();
    }

    /** Where the server keeps its data: the given directory, or the temporary one. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops the server and waits until its process has exited; a temporary data directory is
     * removed. Closing twice does nothing.
     */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
        } finally {
            // The library only logs a failed stop; a server left running would outlive the JVM.
            awaitExit();
        }
    }

    private void awaitExit() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (isRunning(postmaster) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (isRunning(postmaster)) {
                postmaster.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True while the process runs. A stopped server is not our child: it stays a zombie until
     * the system's init reaps it (never, when the JVM itself is process 1), and
     * {@link ProcessHandle#isAlive()} counts zombies as alive. On Linux the state is read from /proc.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return process.isAlive();
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // The state follows the command name, which is in parentheses and may contain any character.
            char state = line.charAt(line.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    /** Where the library unpacks its binaries; see the class comment. */
    private static Path workingDirectory() {
        String configured = System.getProperty("ot.epg.working-dir");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    }

    private static String setting(DataSource dataSource, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            result.next();
            return result.getString(1);
        }
    }

    /** The first line of {@code postmaster.pid} is the server's process id. */
    private static ProcessHandle postmasterOf(Path dataDirectory) throws IOException {
        List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        long pid = Long.parseLong(lines.get(0).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException("PostgreSQL process " + pid + " is gone"));
    }

    private static void closeQuietly(EmbeddedPostgres postgres, Exception cause) {
        try {
            postgres.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
