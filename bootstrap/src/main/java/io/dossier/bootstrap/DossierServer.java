package io.dossier.bootstrap;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dossier.adapter.persistence.JdbiPersistence;
import io.dossier.adapter.extraction.TikaTextExtractor;
import io.dossier.adapter.rest.RestApi;
import io.dossier.adapter.storage.MinioContentStore;
import io.dossier.application.Dossier;
import io.dossier.application.port.in.SweepUseCase;
import io.dossier.domain.TenantId;
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
import java.util.List;
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
    /** The meters, when DOSSIER_METRICS_TOKEN switches them on. */
    private Optional<io.micrometer.prometheusmetrics.PrometheusMeterRegistry> metrics = Optional.empty();
    static final String DEV_TENANT = "dev";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Configuration configuration;
    private Dossier dossier;
    private RestApi api;
    private volatile URI storeEndpoint;
    private String devApiKey;
    /** The port of the running service's embedded database, when this process works on it. */
    private Optional<Integer> attachedDatabasePort = Optional.empty();
    static final String EMBEDDED_STORE_ACCESS_KEY = "dossier";

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
        metrics = c.metricsToken().map(token -> meters());
        if (c.database().isEmpty() || c.storage().isEmpty()) {
            requireEmbeddedServers();
        }
        if (c.database().isEmpty()) {
            Optional<Integer> running = runningDatabasePort(data.resolve("postgres"));
            if (running.isPresent() && serveHttp) {
                // Before anything starts: a second service on a running service's data folder is told what to do.
                throw new IllegalArgumentException("the embedded database in " + data.resolve("postgres")
                        + " is in use by another process, most likely a running Dossier: stop it first, or give this"
                        + " one another DOSSIER_DATA_DIR");
            }
            // A command (sweep, keys, verify, ...) while the service runs works on the service's own servers.
            attachedDatabasePort = running;
        }
        // Database and store start side by side: each takes a second or more (embedded servers,
        // migrations, bucket checks), and neither needs the other.
        CompletableFuture<JdbiPersistence> persistenceReady = CompletableFuture.supplyAsync(() -> {
            JdbiPersistence persistence = remember(JdbiPersistence.migrate(dataSource(c, data), c.cachedRows()));
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

        metrics.ifPresent(registry -> {
            // Counted at each scrape; a database that does not answer shows as NaN.
            io.micrometer.core.instrument.Gauge.builder("dossier.renditions.pending",
                    () -> depth(persistence::pendingRenditions))
                    .description("text renditions waiting to be made").register(registry);
            io.micrometer.core.instrument.Gauge.builder("dossier.upload.tickets.open",
                    () -> depth(persistence::openUploadTickets))
                    .description("upload tickets issued and not yet completed, failed or expired").register(registry);
        });
        byte[] publicTokenSecret = c.publicTokenSecret().orElseGet(() ->
                Secrets.loadOrCreate(data.resolve("secrets").resolve("public-token-secret"))
                        .getBytes(StandardCharsets.UTF_8));
        dossier = Dossier.builder()
                .documents(persistence.documents())
                .contentStore(metrics.<io.dossier.application.port.out.ContentStore>map(
                        registry -> new TimedContentStore(store, registry)).orElse(store))
                .uploadTickets(metrics.<io.dossier.application.port.out.UploadTickets>map(
                        registry -> new CountedUploadTickets(persistence.uploadTickets(), registry))
                        .orElse(persistence.uploadTickets()))
                .transactions(persistence.transactions())
                .patients(persistence.patients())
                .apiKeys(persistence.apiKeys())
                .auditTrail(persistence.auditTrail())
                .idempotencyKeys(persistence.idempotencyKeys())
                .resumableUploads(persistence.resumableUploads())
                .resumableUploadLifetime(c.tusUploadTtl())
                .renditions(persistence.renditions())
                .search(search(persistence, c.searchConfiguration()))
                .textExtractor(new TikaTextExtractor(new TikaTextExtractor.Limits(c.extraction().maxContentBytes(),
                        c.extraction().timeout(), c.extraction().maxTextChars())))
                .clock(clock)
                .uploadLifetime(c.uploadTtl())
                .sweepGrace(c.sweepGrace())
                .publicTokenLifetime(c.publicTokenLifetime())
                .trashPeriod(c.trashPeriod())
                .retentionPolicies(c.retentionPolicies())
                .build();

        if (!serveHttp) {
            return;
        }
        startRenditionWorkers(c.extraction().workers());
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
                c.eventsToken(), store.buckets(), c.publicUrl()).withHeaderTimeout(c.timeouts().requestHeaders())
                .withAuthFailuresPerMinute(c.authFailuresPerMinute())
                .withCorsOrigins(c.corsOrigins())
                .withJwks(c.jwksUrl())
                .withRequestThreads(c.requestThreads())
                .withMinBodyRate(c.minBodyRate())
                .withPublicTokenSecret(publicTokenSecret),
                () -> persistence.isAvailable() && store.isAvailable(), clock,
                metrics.map(registry -> new RestApi.Metrics(registry, registry::scrape, c.metricsToken().get())))
                .start();
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
        if (c.integrityScan().isOn()) {
            // A thread of its own: a long, throttled scan never delays the sweeper.
            ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dossier-integrity");
                t.setDaemon(true);
                return t;
            });
            long every = c.integrityScan().interval().toMillis();
            scanner.scheduleWithFixedDelay(() -> scanQuietly(c.integrityScan()), every, every, TimeUnit.MILLISECONDS);
            remember(() -> {
                scanner.shutdownNow();
                scanner.awaitTermination(10, TimeUnit.SECONDS);
            });
        }
    }

    /** One scheduled integrity scan: findings go to the log, the audit trail, the documents and the metrics. */
    private void scanQuietly(Configuration.IntegrityScan scan) {
        try {
            io.dossier.application.port.in.VerifyContentUseCase.Report report = dossier.verifyContent().verify(
                    new io.dossier.application.port.in.VerifyContentUseCase.Scope(Optional.empty(), Optional.empty(),
                            scan.samplePercent(), scan.bytesPerSecond()),
                    finding -> LOG.warn("integrity: tenant {} document {} version {}: {} ({})", finding.tenant(),
                            finding.document(), finding.version(), finding.problem(), finding.detail()));
            LOG.info("integrity scan: {} versions, {} bytes read, {} findings", report.versions(), report.bytes(),
                    report.findings());
            metrics.ifPresent(registry -> {
                registry.counter("dossier.integrity.runs").increment();
                registry.counter("dossier.integrity.versions", "result", "checked").increment(report.versions());
                registry.counter("dossier.integrity.versions", "result", "failed").increment(report.findings());
            });
        } catch (RuntimeException e) {
            LOG.warn("integrity scan failed; it runs again at the next interval", e);
        }
    }

    /** The configured text search configuration; one the database lacks falls back to {@code simple}. */
    private static io.dossier.application.port.out.DocumentSearch search(JdbiPersistence persistence, String name) {
        try {
            return persistence.search(name);
        } catch (IllegalArgumentException e) {
            LOG.warn("DOSSIER_SEARCH_CONFIG: {}; searching with 'simple' instead", e.getMessage());
            return persistence.search("simple");
        }
    }

    /**
     * Workers that make the due text renditions: of this instance's new versions at once, of
     * others' (and retries) within a second. They stop with the service; a rendition they held
     * is taken up again when its lease ends, here or in another instance.
     */
    private void startRenditionWorkers(int count) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> workers = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (dossier.makeRenditions().makeDue(1) == 0) {
                            dossier.makeRenditions().awaitWork(java.time.Duration.ofSeconds(1));
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        LOG.warn("making renditions failed; trying again shortly", e);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            }, "dossier-renditions-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        remember(() -> {
            running.set(false);
            workers.forEach(Thread::interrupt);
            for (Thread worker : workers) {
                worker.join(10_000);
            }
        });
    }

    /**
     * Pends the versions whose text is missing or was made by another extractor (after an
     * upgrade), in batches, pausing between them; the service's workers make them. Stopped and
     * started again, it goes on where it was (what is pended stays pended).
     *
     * @return how many versions it pended
     */
    long pendStaleRenditions(int batch, java.time.Duration pause) throws InterruptedException {
        long total = 0;
        for (int pended; (pended = dossier.makeRenditions().pendStale(batch)) > 0; ) {
            total += pended;
            LOG.info("re-extraction: {} versions pended so far", total);
            Thread.sleep(pause.toMillis());
        }
        return total;
    }

    /** Makes due renditions on the calling thread until none is due; answers how many. */
    long makeDueRenditions(java.time.Duration pauseEvery100) throws InterruptedException {
        long made = 0;
        for (int n; (n = dossier.makeRenditions().makeDue(1)) > 0; ) {
            made += n;
            if (made % 100 == 0) {
                LOG.info("re-extraction: {} renditions made", made);
                Thread.sleep(pauseEvery100.toMillis());
            }
        }
        return made;
    }

    private javax.sql.DataSource dataSource(Configuration c, Path data) {
        HikariConfig pool = new HikariConfig();
        Configuration.Timeouts t = c.timeouts();
        if (c.database().isPresent()) {
            Configuration.Database db = c.database().get();
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
        } else if (attachedDatabasePort.isPresent()) {
            // The embedded server's superuser with trust authentication, on loopback only.
            pool.setJdbcUrl("jdbc:postgresql://localhost:" + attachedDatabasePort.get() + "/postgres");
            pool.setUsername("postgres");
            pool.setPassword("postgres");
        } else {
            EmbeddedServers.Database database = EmbeddedServers.database(data.resolve("postgres"));
            remember(database.server());
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
        }
        pool.setPoolName("dossier");
        // hikaricp_connections_*: pool size, waits for a connection, how long each is held (the database's share of a request).
        metrics.ifPresent(pool::setMetricRegistry);
        // 16 for requests and work, and one more that the read cache's change feed listens on for good.
        pool.setMaximumPoolSize(c.cachedRows() > 0 ? 17 : 16);
        // Every connection is a PostgreSQL process: open more only when the load asks for them.
        pool.setMinimumIdle(2);
        pool.setConnectionTimeout(Math.max(250, t.dbPool().toMillis()));
        pool.setValidationTimeout(Math.max(250, Math.min(t.dbPool().toMillis(), 5_000)));
        // A database that stops answering must not hold requests: the server cancels a statement
        // after the statement timeout, the driver gives up a silent connection after the socket
        // timeout (for a database that is frozen or cut off, which cancels nothing).
        pool.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, t.dbSocket().toSeconds())));
        pool.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, t.dbPool().toSeconds())));
        pool.addDataSourceProperty("loginTimeout", Long.toString(Math.max(1, t.dbPool().toSeconds())));
        pool.addDataSourceProperty("options", "-c statement_timeout=" + t.dbStatement().toMillis());
        return remember(new HikariDataSource(pool));
    }

    private MinioContentStore contentStore(Configuration c, Path data) {
        MinioContentStore.Config.Builder config = MinioContentStore.Config.builder().createMissingBuckets(true)
                .connectTimeout(c.timeouts().storeConnect()).readTimeout(c.timeouts().store())
                .objectLock(c.objectLock().orElse(null));
        if (c.storage().isPresent()) {
            Configuration.Storage storage = c.storage().get();
            config.endpoint(URI.create(storage.endpoint())).credentials(storage.accessKey(), storage.secretKey())
                    .region(storage.region());
            storeEndpoint = URI.create(storage.endpoint());
            storage.publicEndpoint().ifPresent(p -> config.publicEndpoint(URI.create(p)));
        } else {
            // The store keeps its address across restarts: upload forms handed out name it.
            Path portFile = data.resolve("s3proxy.port");
            Optional<Integer> port = c.embeddedStorePort().or(() -> rememberedPort(portFile));
            String secret = Secrets.loadOrCreate(data.resolve("secrets").resolve("s3-secret-key"));
            if (attachedDatabasePort.isPresent() && port.isPresent() && listening(port.get())) {
                // The running service's store, as its database: its own access key and secret.
                URI endpoint = URI.create("http://127.0.0.1:" + port.get());
                config.endpoint(endpoint).credentials(EMBEDDED_STORE_ACCESS_KEY, secret);
                storeEndpoint = endpoint;
                c.repositories().forEach(config::repository);
                config.defaultRepository(c.defaultBucket());
                return remember(new MinioContentStore(config.build()));
            }
            EmbeddedServers.Store s3 = EmbeddedServers.store(data.resolve("objects"), secret,
                    data.resolve("cache").resolve("s3proxy-" + Runtime.version() + ".jsa"), port, storeOrigins(c));
            remember(s3.server());
            if (port.isEmpty()) {
                try {
                    Files.writeString(portFile, Integer.toString(s3.endpoint().getPort()) + "\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write " + portFile, e);
                }
            }
            config.endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey());
            storeEndpoint = s3.endpoint();
        }
        c.repositories().forEach(config::repository);
        config.defaultRepository(c.defaultBucket());
        MinioContentStore store = remember(new MinioContentStore(config.build()));
        if (c.objectLock().isPresent() && !store.locksObjects()) {
            LOG.warn("DOSSIER_S3_OBJECT_LOCK is set, but the store's buckets have no object lock (the embedded"
                    + " store never has): retentions are enforced by Dossier alone");
        }
        return store;
    }

    /**
     * Refuses, with what to do, in a distribution that carries no embedded servers. Asked before
     * {@link EmbeddedServers} is touched, so that no missing class is ever linked.
     */
    private static void requireEmbeddedServers() {
        ClassLoader loader = DossierServer.class.getClassLoader();
        try {
            Class.forName("io.dossier.embedded.EmbeddedDatabase", false, loader);
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("this distribution has no embedded database or store: set "
                    + "DOSSIER_DB_URL (with DOSSIER_DB_USER and DOSSIER_DB_PASSWORD) and DOSSIER_S3_ENDPOINT (with "
                    + "DOSSIER_S3_ACCESS_KEY and DOSSIER_S3_SECRET_KEY)");
        }
    }

    /**
     * The origins the embedded store takes presigned posts from: the configured ones and the
     * service's own, where the web console runs, so that the console's large uploads go straight
     * to the store on the embedded defaults.
     */
    static List<String> storeOrigins(Configuration c) {
        java.util.LinkedHashSet<String> origins = new java.util.LinkedHashSet<>(c.corsOrigins());
        if (c.port() > 0) {
            origins.add("http://localhost:" + c.port());
            origins.add("http://127.0.0.1:" + c.port());
        }
        c.publicUrl().map(u -> u.getScheme() + "://" + u.getAuthority()).ifPresent(origins::add);
        return List.copyOf(origins);
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Optional<Integer> rememberedPort(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(Files.readString(file).trim());
            return port > 0 && port < 65536 ? Optional.of(port) : Optional.empty();
        } catch (java.io.IOException | NumberFormatException e) {
            LOG.warn("{} is unreadable; the embedded store takes a new port", file);
            return Optional.empty();
        }
    }

    /**
     * The port of the PostgreSQL that runs on this data folder (a running service's), read from
     * its {@code postmaster.pid} (line 4); empty when none runs.
     */
    private static Optional<Integer> runningDatabasePort(Path postgresData) {
        List<String> lines;
        try {
            lines = Files.readAllLines(postgresData.resolve("postmaster.pid"));
        } catch (java.io.IOException e) {
            return Optional.empty(); // no or an unreadable pid file: PostgreSQL's to judge
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(lines.get(3).trim()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
            metrics.ifPresent(registry -> {
                registry.counter("dossier.sweeper.runs").increment();
                registry.counter("dossier.sweeper.tickets", "result", "expired").increment(report.ticketsExpired());
                registry.counter("dossier.sweeper.tickets", "result", "completed").increment(report.ticketsCompleted());
                registry.counter("dossier.sweeper.objects", "result", "deleted").increment(report.objectsDeleted());
                registry.counter("dossier.sweeper.objects", "result", "kept").increment(report.objectsKept());
                registry.counter("dossier.sweeper.failures").increment(report.failures());
                registry.counter("dossier.sweeper.documents.purged").increment(report.documentsPurged());
            });
        } catch (RuntimeException e) {
            LOG.warn("sweep failed; it runs again at the next interval", e);
        }
    }

    private static double depth(java.util.function.LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The service's meters with the JVM's own: memory, collections, threads, classes, CPU, uptime. */
    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters() {
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        var collections = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        collections.bindTo(registry);
        remember(collections);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        return registry;
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
