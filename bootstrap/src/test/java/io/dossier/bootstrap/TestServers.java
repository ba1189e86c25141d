package io.dossier.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dossier.embedded.EmbeddedDatabase;
import io.dossier.embedded.S3ProxyServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One real PostgreSQL and one real S3 server for all tests of this JVM (each started on first
 * use, stopped by their shutdown hooks). Tests get a fresh database each, so they never see
 * one another's documents.
 */
final class TestServers {
    private static EmbeddedDatabase database;
    private static S3ProxyServer s3;

    private TestServers() {
    }

    static synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(Optional.empty());
        }
        return database;
    }

    static synchronized S3ProxyServer s3() {
        if (s3 == null) {
            s3 = S3ProxyServer.start(Path.of("target", "test-s3", UUID.randomUUID().toString()).toAbsolutePath(),
                    "test-access", "test-secret-0123456789");
        }
        return s3;
    }

    /** The JDBC URL of a new, empty database. */
    static String newDatabase() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection connection = database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = database().jdbcUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    static HikariDataSource pool(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(database().user());
        config.setPassword(database().password());
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    /** A bucket name nobody has used yet. */
    static String newBucket(String purpose) {
        return ("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-" + purpose)
                .toLowerCase(Locale.ROOT);
    }
}
