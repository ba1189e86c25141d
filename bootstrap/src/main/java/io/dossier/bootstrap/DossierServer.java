package io.dossier.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dossier.adapter.persistence.JdbiPersistence;
import io.dossier.adapter.rest.RestApi;
import io.dossier.adapter.storage.MinioContentStore;
import io.dossier.application.Dossier;
import io.dossier.application.port.in.SweepUseCase;
import io.dossier.application.service.HmacTokenSigner;
import io.dossier.domain.TenantId;
import io.dossier.embedded.EmbeddedDatabase;
import io.dossier.embedded.S3ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Dossier assembled from its configuration by plain constructor calls: database, store, core,
 * HTTP API and the sweeper's schedule. Embedded servers are started when no external one is
 * configured, and everything is stopped again, in reverse order, by {@link #close()}.
 */
public final class DossierServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DossierServer.class);
    static final String DEV_TENANT = "dev";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Configuration configuration;
    private Dossier dossier;
    private RestApi api;
    private volatile URI storeEndpoint;
    private String devApiKey;

    private DossierServer(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Starts everything; on failure, stops what was already started and rethrows. */
    static DossierServer start(Configuration configuration, boolean serveHttp) {
        DossierServer server = new DossierServer(configuration);
        try {
            server.startAll(serveHttp);
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll(boolean serveHttp) {
        Configuration c = configuration;
        Path data = c.dataDirectory();
        // PostgreSQL keeps microseconds: a finer clock would make saved and reloaded documents differ.
        Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
        long started = System.nanoTime();
        // Database and store start side by side: each takes a second or more (embedded servers,
        // migrations, bucket checks), and neither needs the other.
        CompletableFuture<JdbiPersistence> persistenceReady = CompletableFuture.supplyAsync(() -> {
            JdbiPersistence persistence = JdbiPersistence.migrate(dataSource(c, data));
            LOG.info("database ready after {} ms", (System.nanoTime() - started) / 1_000_000);
            return persistence;
        });
        CompletableFuture<MinioContentStore> storeReady = CompletableFuture.supplyAsync(() -> {
            MinioContentStore store = contentStore(c, data);
            LOG.info("store ready after {} ms", (System.nanoTime() - started) / 1_000_000);
            return store;
        });
        if (serveHttp) {
            // Meanwhile this thread loads the HTTP stack, which would otherwise come after.
            RestApi.warmUp();
        }
        JdbiPersistence persistence;
        MinioContentStore store;
        try {
            CompletableFuture.allOf(persistenceReady, storeReady).join();
            persistence = persistenceReady.join();
            store = storeReady.join();
        } catch (java.util.concurrent.CompletionException e) {
            // Whatever did start is in resources and is stopped by close().
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        byte[] publicTokenSecret = c.publicTokenSecret().orElseGet(() ->
                Secrets.loadOrCreate(data.resolve("secrets").resolve("public-token-secret"))
                        .getBytes(StandardCharsets.UTF_8));
        dossier = Dossier.builder()
                .documents(persistence.documents())
                .contentStore(store)
                .uploadTickets(persistence.uploadTickets())
                .patients(persistence.patients())
                .tokenSigner(new HmacTokenSigner(publicTokenSecret))
                .clock(clock)
                .uploadLifetime(c.uploadTtl())
                .sweepGrace(c.sweepGrace())
                .publicTokenLifetime(c.publicTokenLifetime())
                .build();

        if (!serveHttp) {
            return;
        }
        Map<String, TenantId> apiKeys = new LinkedHashMap<>(c.apiKeys());
        if (apiKeys.isEmpty()) {
            devApiKey = Secrets.loadOrCreate(data.resolve("secrets").resolve("dev-api-key"));
            apiKeys.put(devApiKey, new TenantId(DEV_TENANT));
        }
        try {
            Files.createDirectories(data.resolve("uploads"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        api = new RestApi(dossier, new RestApi.Settings(c.host(), c.port(), apiKeys, c.jwtSecret(), c.jwtIssuer(),
                c.jwtAudience(), c.maxUploadBytes(), c.maxPdfBytes(), c.publicTokenLifetime(), data.resolve("uploads"),
                c.eventsToken(), store.buckets(), c.publicUrl()),
                () -> persistence.isAvailable() && store.isAvailable(), clock).start();
        remember(api);
        LOG.info("HTTP ready after {} ms", (System.nanoTime() - started) / 1_000_000);

        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dossier-sweeper");
            t.setDaemon(true);
            return t;
        });
        long interval = c.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
        remember(() -> {
            sweeper.shutdownNow();
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        });
    }

    private javax.sql.DataSource dataSource(Configuration c, Path data) {
        HikariConfig pool = new HikariConfig();
        if (c.database().isPresent()) {
            Configuration.Database db = c.database().get();
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
        } else {
            EmbeddedDatabase database = remember(EmbeddedDatabase.start(Optional.of(data.resolve("postgres"))));
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
        }
        pool.setPoolName("dossier");
        pool.setMaximumPoolSize(16);
        // Every connection is a PostgreSQL process: open more only when the load asks for them.
        pool.setMinimumIdle(2);
        pool.setConnectionTimeout(5_000);
        return remember(new HikariDataSource(pool));
    }

    private MinioContentStore contentStore(Configuration c, Path data) {
        MinioContentStore.Config.Builder config = MinioContentStore.Config.builder().createMissingBuckets(true);
        if (c.storage().isPresent()) {
            Configuration.Storage storage = c.storage().get();
            config.endpoint(URI.create(storage.endpoint())).credentials(storage.accessKey(), storage.secretKey())
                    .region(storage.region());
            storeEndpoint = URI.create(storage.endpoint());
            storage.publicEndpoint().ifPresent(p -> config.publicEndpoint(URI.create(p)));
        } else {
            S3ProxyServer s3 = remember(S3ProxyServer.builder(data.resolve("objects"), "dossier",
                            Secrets.loadOrCreate(data.resolve("secrets").resolve("s3-secret-key")))
                    .classDataArchive(data.resolve("cache").resolve("s3proxy-" + Runtime.version() + ".jsa"))
                    .start());
            config.endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey());
            storeEndpoint = s3.endpoint();
        }
        c.repositories().forEach(config::repository);
        config.defaultRepository(c.defaultBucket());
        return remember(new MinioContentStore(config.build()));
    }

    /** Keeps a started resource for {@link #close()}; safe from the starting threads. */
    private <T extends AutoCloseable> T remember(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    private void sweepQuietly() {
        try {
            SweepUseCase.Report report = sweep();
            LOG.info("sweep: {}", report);
        } catch (RuntimeException e) {
            LOG.warn("sweep failed; it runs again at the next interval", e);
        }
    }

    SweepUseCase.Report sweep() {
        return dossier.sweeper().sweep();
    }

    Dossier dossier() {
        return dossier;
    }

    int port() {
        return api.port();
    }

    URI storeEndpoint() {
        return storeEndpoint;
    }

    Optional<String> devApiKey() {
        return Optional.ofNullable(devApiKey);
    }

    /** Stops the HTTP server first (requests in flight finish), then the core's resources. */
    @Override
    public void close() {
        while (true) {
            AutoCloseable resource;
            synchronized (resources) {
                if (resources.isEmpty()) {
                    return;
                }
                resource = resources.pop();
            }
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", resource, e);
            }
        }
    }
}
