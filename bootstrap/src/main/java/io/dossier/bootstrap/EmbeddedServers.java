package io.dossier.bootstrap;

import io.dossier.embedded.EmbeddedDatabase;
import io.dossier.embedded.S3ProxyServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded defaults: a PostgreSQL and an S3Proxy in the data folder. The only class of the
 * service that names the {@code embedded} module, so that the production distribution, which
 * ships without it (and without PostgreSQL binaries and the S3Proxy jar), runs as long as an
 * external database and store are configured, and says what to configure when they are not.
 */
final class EmbeddedServers {
    private EmbeddedServers() {
    }

    /** A started server and where to reach it; close the server to stop it. */
    record Database(AutoCloseable server, String jdbcUrl, String user, String password) {
    }

    record Store(AutoCloseable server, URI endpoint, String accessKey, String secretKey) {
    }

    static Database database(Path directory) {
        EmbeddedDatabase database = EmbeddedDatabase.start(Optional.of(directory));
        return new Database(database, database.jdbcUrl(), database.user(), database.password());
    }

    static Store store(Path directory, String secretKey, Path classDataArchive, Optional<Integer> port,
                       java.util.List<String> corsOrigins) {
        S3ProxyServer.Builder builder = S3ProxyServer.builder(directory, DossierServer.EMBEDDED_STORE_ACCESS_KEY, secretKey)
                .classDataArchive(classDataArchive).corsOrigins(corsOrigins);
        port.ifPresent(builder::port);
        S3ProxyServer server = builder.start();
        return new Store(server, server.endpoint(), server.accessKey(), server.secretKey());
    }
}
