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
    private URI storeEndpoint;
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
        Clock clock = Clock.systemUTC();
        // The two embedded servers take about a second each: start them side by side.
        CompletableFuture<EmbeddedDatabase> embeddedDatabase = c.database().isPresent()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(Optional.of(data.resolve("postgres"))));
        CompletableFuture<S3ProxyServer> embeddedStore = c.storage().isPresent()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> S3ProxyServer.start(data.resolve("objects"), "dossier",
                        Secrets.loadOrCreate(data.resolve("secrets").resolve("s3-secret-key"))));
        EmbeddedDatabase database = join(embeddedDatabase, embeddedStore);
        if (database != null) {
            resources.push(database);
        }
        S3ProxyServer s3 = join(embeddedStore, null);
        if (s3 != null) {
            resources.push(s3);
        }

        HikariConfig pool = new HikariConfig();
        if (database != null) {
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
        } else {
            Configuration.Database db = c.database().orElseThrow();
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
        }
        pool.setPoolName("dossier");
        pool.setMaximumPoolSize(16);
        pool.setConnectionTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(pool);
        resources.push(dataSource);
        JdbiPersistence persistence = JdbiPersistence.migrate(dataSource);

        MinioContentStore.Config.Builder storeConfig = MinioContentStore.Config.builder().createMissingBuckets(true);
        if (s3 != null) {
            storeConfig.endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey());
        } else {
            Configuration.Storage storage = c.storage().orElseThrow();
            storeConfig.endpoint(URI.create(storage.endpoint())).credentials(storage.accessKey(), storage.secretKey())
                    .region(storage.region());
            storage.publicEndpoint().ifPresent(p -> storeConfig.publicEndpoint(URI.create(p)));
        }
        c.repositories().forEach(storeConfig::repository);
        storeConfig.defaultRepository(c.defaultBucket());
        MinioContentStore store = new MinioContentStore(storeConfig.build());
        resources.push(store);
        storeEndpoint = s3 != null ? s3.endpoint() : URI.create(c.storage().orElseThrow().endpoint());

        byte[] publicTokenSecret = c.publicTokenSecret().orElseGet(() ->
                Secrets.loadOrCreate(data.resolve("secrets").resolve("public-token-secret"))
                        .getBytes(StandardCharsets.UTF_8));
        dossier = Dossier.builder()
                .documents(persistence.documents())
                .contentStore(store)
                .uploadTickets(persistence.uploadTickets())
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
                c.jwtAudience(), c.maxUploadBytes(), c.maxPdfBytes(), c.publicTokenLifetime(), data.resolve("uploads")),
                () -> persistence.isAvailable() && store.isAvailable(), clock).start();
        resources.push(api);

        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dossier-sweeper");
            t.setDaemon(true);
            return t;
        });
        long interval = c.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
        resources.push(() -> {
            sweeper.shutdownNow();
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        });
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

    /** Waits for {@code first}; if it failed, stops what {@code other} starts before rethrowing. */
    private static <T> T join(CompletableFuture<T> first, CompletableFuture<? extends AutoCloseable> other) {
        try {
            return first.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (other != null) {
                try {
                    AutoCloseable started = other.join();
                    if (started != null) {
                        started.close();
                    }
                } catch (Exception ignored) {
                    // The first failure is the one to report.
                }
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Stops the HTTP server first (requests in flight finish), then the core's resources. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", resource, e);
            }
        }
    }
}
