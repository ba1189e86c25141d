package io.dossier.embedded;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDatabaseTest {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    static {
        // Binaries and temporary data directories go under target/, not into the shared temp directory.
        if (System.getProperty("ot.epg.working-dir") == null) {
            System.setProperty("ot.epg.working-dir", TARGET.resolve("embedded-pg").toString());
        }
    }

    @Test
    void a_temporary_database_answers_and_leaves_neither_process_nor_data_behind() throws Exception {
        ProcessHandle server;
        Path data;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(Optional.empty())) {
            data = database.dataDirectory();
            assertTrue(data.startsWith(TARGET), data + " is under target/");
            server = postmaster(data);
            assertTrue(EmbeddedDatabase.isRunning(server));
            try (Connection connection = database.dataSource().getConnection()) {
                assertEquals("42", single(connection, "SELECT 42"));
            }
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                    database.password())) {
                assertEquals("postgres", single(connection, "SELECT current_user"));
            }
        }
        assertFalse(EmbeddedDatabase.isRunning(server), "the server process has exited");
        assertFalse(Files.exists(data), "the temporary data directory is removed");
    }

    @Test
    void a_persistent_database_finds_its_data_after_a_restart() throws Exception {
        Path data = TARGET.resolve("persistent-pg-" + UUID.randomUUID());
        ProcessHandle first;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(Optional.of(data))) {
            assertEquals(data, database.dataDirectory());
            first = postmaster(data);
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (note text)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertFalse(EmbeddedDatabase.isRunning(first), "the server process has exited");
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "the data directory is kept");

        try (EmbeddedDatabase database = EmbeddedDatabase.start(Optional.of(data));
             Connection connection = database.dataSource().getConnection()) {
            assertEquals("still here", single(connection, "SELECT note FROM kept"));
        }
    }

    @Test
    void closing_twice_is_harmless() {
        EmbeddedDatabase database = EmbeddedDatabase.start(Optional.empty());
        database.close();
        database.close();
    }

    private static ProcessHandle postmaster(Path data) throws Exception {
        String pid = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim();
        return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next());
            return result.getString(1);
        }
    }
}
