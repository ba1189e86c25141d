package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.Dossier;
import io.dossier.domain.TenantId;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API of Dossier: the native {@code /v1} API and the seed-compatible endpoints, over
 * the use cases of one {@link Dossier}. The only public class of the REST adapter.
 */
public final class RestApi implements AutoCloseable {

    /**
     * @param apiKeys              API key → tenant; keys have full rights in their tenant
     * @param jwtSecret            HS256 secret for bearer tokens (at least 32 bytes); none disables them
     * @param maxUploadBytes       the most bytes one upload may have
     * @param maxPdfBytes          the most bytes of a patient PDF
     * @param publicTokenLifetime  how long public tokens issued through the API live
     * @param uploadDirectory      where multipart file parts are spooled while a request is read
     * @param eventsToken          the shared token that storage notifications carry in {@code Authorization};
     *                             none switches {@code POST /v1/storage-events} off (404)
     * @param repositoryBuckets    repository id → bucket name, to find the repository a notification's
     *                             bucket belongs to; a bucket not named here is taken as a repository id
     * @param publicUrl            the base of every absolute URL handed to clients (public token and
     *                             download links), such as {@code https://docs.example.com/dossier}: an
     *                             absolute http(s) URL without query or fragment; a trailing slash is
     *                             dropped. None builds them from the request's scheme and Host header,
     *                             which is right only for clients that reach the server directly
     * @param headerTimeout        how long a client may take to send a request's line and headers
     *                             before its connection is closed
     * @param publicTokenSecret    the key (32 bytes or more) public tokens are signed with; without
     *                             one a random key is used, and tokens end with the process
     * @param requestThreads       how many requests are worked on at once (more wait for a thread);
     *                             a download waiting for its client to read holds none
     * @param minBodyRate          bytes a second a request's body must arrive at while the server
     *                             waits for it (after twice the header timeout); 0 for no minimum
     */
    public record Settings(String host, int port, Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret,
                           Optional<String> jwtIssuer, Optional<String> jwtAudience, long maxUploadBytes,
                           long maxPdfBytes, Duration publicTokenLifetime, Path uploadDirectory,
                           Optional<String> eventsToken, Map<String, String> repositoryBuckets,
                           Optional<URI> publicUrl, Duration headerTimeout, Optional<byte[]> publicTokenSecret,
                           int authFailuresPerMinute, List<String> corsOrigins, Optional<URI> jwksUrl,
                           int requestThreads, long minBodyRate) {
        /** Failed authentications a client address may have in a minute before it is answered 429. */
        public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
        /** Ten seconds for a request's head: ample for any client, short for one that stalls on purpose. */
        public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
        /** As many as Javalin's own default pool. */
        public static final int DEFAULT_REQUEST_THREADS = 250;
        /** Fewer leave too little beside the server's own acceptor and selector threads. */
        public static final int MIN_REQUEST_THREADS = 8;
        /** 1,000 bytes a second (8 kbit/s): below any working network, above a client that stalls on purpose. */
        public static final long DEFAULT_MIN_BODY_RATE = 1_000;

        public Settings(String host, int port, Map<String, TenantId> apiKeys, Optional<byte[]> jwtSecret,
                        Optional<String> jwtIssuer, Optional<String> jwtAudience, long maxUploadBytes,
                        long maxPdfBytes, Duration publicTokenLifetime, Path uploadDirectory,
                        Optional<String> eventsToken, Map<String, String> repositoryBuckets, Optional<URI> publicUrl) {
            this(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl,
                    DEFAULT_HEADER_TIMEOUT, Optional.empty(), DEFAULT_AUTH_FAILURES_PER_MINUTE, List.of(), Optional.empty(),
                    DEFAULT_REQUEST_THREADS, DEFAULT_MIN_BODY_RATE);
        }

        public Settings withHeaderTimeout(Duration timeout) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, timeout,
                    publicTokenSecret, authFailuresPerMinute, corsOrigins, jwksUrl, requestThreads, minBodyRate);
        }

        public Settings withPublicTokenSecret(byte[] secret) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    Optional.of(secret.clone()), authFailuresPerMinute, corsOrigins, jwksUrl, requestThreads, minBodyRate);
        }

        /** At most this many failed authentications a minute from one client address (0: no limit). */
        public Settings withAuthFailuresPerMinute(int limit) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    publicTokenSecret, limit, corsOrigins, jwksUrl, requestThreads, minBodyRate);
        }

        /** The JWKS of an identity provider whose RS256 and ES256 bearer tokens are accepted (none: not). */
        public Settings withJwks(Optional<URI> url) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    publicTokenSecret, authFailuresPerMinute, corsOrigins, url, requestThreads, minBodyRate);
        }

        /**
         * Browser origins allowed to call the API (exact: scheme, host, port). Preflights are
         * answered for them; credentials travel in headers (API key, bearer), never as cookies.
         */
        public Settings withCorsOrigins(List<String> origins) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    publicTokenSecret, authFailuresPerMinute, origins, jwksUrl, requestThreads, minBodyRate);
        }

        /**
         * At most this many requests are worked on at once (a pool of threads); more wait. A
         * download that waits for its client to read holds none of them.
         */
        public Settings withRequestThreads(int threads) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    publicTokenSecret, authFailuresPerMinute, corsOrigins, jwksUrl, threads, minBodyRate);
        }

        /**
         * While the server waits for a request's body, the body must arrive at this many bytes a
         * second or faster, after an allowance of twice the header timeout; a slower client's
         * connection is closed. 0: no minimum (Jetty's idle timeout only).
         */
        public Settings withMinBodyRate(long bytesPerSecond) {
            return new Settings(host, port, apiKeys, jwtSecret, jwtIssuer, jwtAudience, maxUploadBytes, maxPdfBytes,
                    publicTokenLifetime, uploadDirectory, eventsToken, repositoryBuckets, publicUrl, headerTimeout,
                    publicTokenSecret, authFailuresPerMinute, corsOrigins, jwksUrl, requestThreads, bytesPerSecond);
        }

        public Settings {
            if (minBodyRate < 0) {
                throw new IllegalArgumentException("the minimum body rate cannot be negative");
            }
            if (requestThreads < MIN_REQUEST_THREADS) {
                throw new IllegalArgumentException("at least " + MIN_REQUEST_THREADS + " request threads are needed");
            }
            if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("the header timeout must be positive");
            }
            publicUrl = publicUrl.map(Settings::checkedBase);
            publicTokenSecret = publicTokenSecret.map(byte[]::clone);
            apiKeys = Map.copyOf(apiKeys);
            repositoryBuckets = Map.copyOf(repositoryBuckets);
            eventsToken = eventsToken.filter(t -> !t.isBlank());
            if (eventsToken.isPresent() && eventsToken.get().length() < 16) {
                throw new IllegalArgumentException("the events token needs at least 16 characters");
            }
            corsOrigins = List.copyOf(corsOrigins);
            if (corsOrigins.stream().anyMatch(o -> o.contains("*"))) {
                throw new IllegalArgumentException("CORS origins must be exact, not wildcards");
            }
            if (authFailuresPerMinute < 0) {
                throw new IllegalArgumentException("the limit of failed authentications must not be negative");
            }
            if (maxUploadBytes < 1 || maxPdfBytes < 1) {
                throw new IllegalArgumentException("upload limits must be positive");
            }
        }

        private static URI checkedBase(URI url) {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || url.getHost() == null || url.getRawUserInfo() != null || url.getRawQuery() != null
                    || url.getRawFragment() != null) {
                throw new IllegalArgumentException("the public URL must be an absolute http(s) URL with a host and "
                        + "without user info, query or fragment, got " + url);
            }
            // Paths are appended to it as they are, each starting with '/'.
            return URI.create(url.toString().replaceAll("/+$", ""));
        }
    }


    /** How long close() waits for requests in flight. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private final Javalin app;
    private final Duration headerTimeout;
    private final long minBodyRate;
    private SlowClients slowClients;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    /**
     * What the API reports to an operator: the registry its HTTP meters go to, the text that
     * {@code GET /metrics} answers (the Prometheus exposition of that registry and others), and
     * the token a scrape must bear ({@code Authorization: Bearer <token>}).
     */
    public record Metrics(io.micrometer.core.instrument.MeterRegistry registry,
                          java.util.function.Supplier<String> scrape, String token) {
        public Metrics {
            java.util.Objects.requireNonNull(registry, "registry");
            java.util.Objects.requireNonNull(scrape, "scrape");
            if (token == null || token.length() < 16) {
                throw new IllegalArgumentException("the metrics token needs at least 16 characters");
            }
        }
    }

    public RestApi(Dossier dossier, Settings settings, BooleanSupplier healthy, Clock clock) {
        this(dossier, settings, healthy, clock, Optional.empty());
    }

    public RestApi(Dossier dossier, Settings settings, BooleanSupplier healthy, Clock clock,
                   Optional<Metrics> metrics) {
        removeSpoolFiles(settings.uploadDirectory());
        this.headerTimeout = settings.headerTimeout();
        this.minBodyRate = settings.minBodyRate();
        ObjectMapper json = Json.mapper();
        Authenticator authenticator = new Authenticator(settings.apiKeys(), settings.jwtSecret(),
                settings.jwtIssuer(), settings.jwtAudience(), clock,
                new AuthenticationFailures(settings.authFailuresPerMinute(), clock),
                settings.jwksUrl().map(url -> new JwksVerifier(url, JWKS_MIN_REFETCH_MILLIS)),
                dossier.apiKeys()::authenticate, dossier.audit()::refusedAuthentication);
        EndpointContext wiring = new EndpointContext(dossier, authenticator, new EndpointContext.Options(
                settings.maxUploadBytes(), settings.maxPdfBytes(), settings.publicTokenLifetime(),
                settings.eventsToken(), settings.repositoryBuckets(), settings.publicUrl()),
                new PublicTokenCodec(settings.publicTokenSecret().orElseGet(RestApi::randomSecret)), json, clock);
        byte[] openApi;
        try {
            openApi = json.writeValueAsBytes(OpenApi.load(RestApi.class.getClassLoader(), json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI document cannot be written", e);
        }
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, true));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            // Where the JDK has virtual threads each request gets its own, and the limit is moot.
            config.jetty.threadPool = io.javalin.util.ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool",
                    Math.min(8, settings.requestThreads()), settings.requestThreads(), true);
            // Content is streamed with its own length; compressing would buffer it.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = Requests.MAX_JSON_BYTES;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.multipartConfig.cacheDirectory(settings.uploadDirectory().toString());
            config.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
            config.jetty.multipartConfig.maxFileSize(Math.max(settings.maxUploadBytes(), settings.maxPdfBytes()),
                    SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(
                    Math.max(settings.maxUploadBytes(), settings.maxPdfBytes()) + 1024 * 1024, SizeUnit.BYTES);
            config.router.ignoreTrailingSlashes = true;
            if (!settings.corsOrigins().isEmpty()) {
                config.registerPlugin(new io.javalin.plugin.bundled.CorsPlugin(cors -> cors.addRule(rule -> {
                    settings.corsOrigins().forEach(rule::allowHost);
                    // What a browser client reads off an answer besides its body.
                    for (String header : List.of("ETag", "Location", "Content-Disposition", "Content-Range",
                            "Accept-Ranges", "Retry-After", RequestIds.HEADER)) {
                        rule.exposeHeader(header);
                    }
                    TusApi.HEADERS.forEach(rule::exposeHeader);
                    rule.maxAge = 600;
                })));
            }
            config.jetty.modifyServer(server -> server.setErrorHandler(new Errors.ServerLevel(json,
                    Families::dialectFor)));
            // Every request speaks its family's dialect from the start, also when no route matches.
            config.routes.before(ctx -> {
                RequestIds.begin(ctx);
                Families.dialectFor(ctx.path()).applyTo(ctx);
            });
            // One access line per request, after its answer is written. The route's template, never
            // the path itself (a public token is part of one), and neither key nor token.
            config.requestLogger.http((ctx, millis) -> {
                try {
                    String route = route(ctx);
                    long written = bytesWritten(ctx);
                    ACCESS.info("{} {} {} {} B {} ms tenant={}", ctx.method(), route, ctx.statusCode(),
                            written, Math.round(millis), Requests.tenant(ctx).orElse("-"));
                    metrics.ifPresent(m -> HttpMeters.record(m.registry(), ctx.method().name(), route,
                            ctx.statusCode(), millis, bytesRead(ctx), written));
                } finally {
                    RequestIds.end();
                }
            });
            config.routes.exception(Exception.class, Errors::handle);
            config.routes.error(404, ctx -> {
                // Javalin's own "endpoint not found" is plain text; a handler's JSON 404 stays as it is.
                String type = ctx.res().getContentType();
                if (!Errors.rendered(ctx) && (type == null || !type.contains("json"))) {
                    Errors.respond(ctx, 404, "no endpoint " + ctx.method() + " " + ctx.path());
                }
            });
            // A path that exists with another method is a 405 naming the methods it has (RFC 9110), not a 404.
            config.http.prefer405over404 = true;
            config.routes.error(405, ctx -> {
                String allowed = allowedMethods(ctx.path());
                ctx.header("Allow", allowed);
                Errors.respond(ctx, 405, ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allowed);
            });
            // Jetty's own graceful stop lets responses in flight reach the client before the
            // connections close (our count below ends when the handler returns, before that).
            config.jetty.modifyServer(server -> server.setStopTimeout(DRAIN_TIMEOUT.toMillis()));
            config.jetty.modifyServletContextHandler(context ->
                    context.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler()));
            config.jetty.modifyServletContextHandler(context -> context.addFilter(
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(new DeclaredTypes()), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            config.jetty.modifyServletContextHandler(context -> context.addFilter(
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(new Idempotency.DigestingRequest()), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            // Requests in flight are counted so that close() can let them finish; once stopping,
            // new ones are turned away with 503 (a load balancer then goes to another instance).
            // Only endpoints: before and after handlers (request ids, dialects) run for every request.
            config.router.handlerWrapper(endpoint -> !endpoint.method.isHttpMethod() ? endpoint.handler : ctx -> {
                // Alive while it stops, too: a supervisor must not kill the process while it drains.
                if (stopping && !endpoint.path.equals(LIVE)) {
                    Errors.respond(ctx, 503, "the server is stopping");
                    return;
                }
                inFlight.incrementAndGet();
                ctx.attribute(Uploads.SPOOL_DIRECTORY, settings.uploadDirectory().toString());
                try {
                    if (Idempotency.applies(ctx)) {
                        Idempotency.handle(ctx, endpoint.handler, authenticator, dossier,
                                Math.max(settings.maxUploadBytes(), settings.maxPdfBytes()));
                    } else {
                        endpoint.handler.handle(ctx);
                    }
                    int status = ctx.statusCode();
                    if (status == 204 || status == 304) {
                        // Nothing follows these headers, so they name no type (Javalin defaults to text/plain).
                        ctx.res().setContentType(null);
                    }
                } finally {
                    if (inFlight.decrementAndGet() == 0) {
                        synchronized (inFlight) {
                            inFlight.notifyAll();
                        }
                    }
                }
            });
            // Ready (and /health, as before): serving, and the database and the store answer.
            Handler ready = ctx -> {
                boolean up = !stopping && healthy.getAsBoolean();
                if (!up) {
                    ctx.header("Retry-After", Errors.RETRY_AFTER_SECONDS);
                }
                ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN"));
            };
            config.routes.get("/health", ready);
            config.routes.get("/health/ready", ready);
            // Live: the process answers HTTP, whatever its stores do (restarting it would not help them).
            config.routes.get(LIVE, ctx -> ctx.json(Map.of("status", "UP")));
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/", Console::page);
            config.routes.get("/console/{file}", Console::asset);
            // Off unless a token is configured; then only for a scrape that bears it.
            config.routes.get("/metrics", ctx -> {
                if (metrics.isEmpty()) {
                    throw new HttpProblem(404, "metrics are off; DOSSIER_METRICS_TOKEN switches them on");
                }
                String authorization = ctx.header("Authorization");
                byte[] expected = ("Bearer " + metrics.get().token()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (authorization == null || !java.security.MessageDigest.isEqual(expected,
                        authorization.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    throw new HttpProblem(401, "a scrape of the metrics bears the metrics token");
                }
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get().scrape().get());
            });
            Families.register(config.routes, wiring);
        });
    }

    private static final String LIVE = "/health/live";
    /** A provider's key set is fetched again for an unknown key id at most this often. */
    static final long JWKS_MIN_REFETCH_MILLIS = 30_000;
    private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("io.dossier.access");

    /** The template of the route that answered, or {@code -} when none matched. */
    private static String route(io.javalin.http.Context ctx) {
        try {
            io.javalin.router.Endpoint endpoint = ctx.endpoint();
            return endpoint == null || !endpoint.method.isHttpMethod() ? "-" : endpoint.path;
        } catch (RuntimeException e) {
            return "-"; // no endpoint matched
        }
    }

    private static long bytesRead(io.javalin.http.Context ctx) {
        try {
            // Counted where Jetty reads the body, whoever parses it (multipart forms bypass the servlet input).
            return org.eclipse.jetty.server.Request.getContentBytesRead(
                    org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                            .getServletChannel().getRequest());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long bytesWritten(io.javalin.http.Context ctx) {
        try {
            // What the handler wrote, also what still waits in the output buffer.
            return org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                    .getServletChannel().getHttpOutput().getWritten();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Jetty's name for the files it spools multipart parts to. */
    static final String SPOOL_PREFIX = "MultiPart";

    /**
     * Spool files of an earlier run of this server (one killed in the middle of a multipart
     * body leaves its part behind) belong to no request any more.
     */
    private static void removeSpoolFiles(Path directory) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().startsWith(SPOOL_PREFIX) && java.nio.file.Files.isRegularFile(f))
                    .forEach(f -> {
                        try {
                            java.nio.file.Files.deleteIfExists(f);
                        } catch (java.io.IOException e) {
                            org.slf4j.LoggerFactory.getLogger(RestApi.class).warn("cannot remove spool file {}", f, e);
                        }
                    });
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(RestApi.class).warn("cannot list spool folder {}", directory, e);
        }
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return secret;
    }

    /**
     * Loads and initialises the HTTP stack's classes (server, JSON, OpenAPI document) without
     * serving anything, so that a service can do it while its database and store start.
     */
    public static void warmUp() {
        ObjectMapper json = Json.mapper();
        try {
            json.writeValueAsBytes(OpenApi.load(RestApi.class.getClassLoader(), json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(json, true));
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.result(""));
        });
    }

    public RestApi start() {
        app.start();
        slowClients = new SlowClients(app.jettyServer().server(), headerTimeout, minBodyRate, headerTimeout.multipliedBy(2));
        return this;
    }

    /** The port the server listens on (useful when it was started on port 0). */
    public int port() {
        return app.port();
    }

    /** Every route the server answers, as "METHOD /path" (for tests that compare them with the OpenAPI document). */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The methods the routes matching {@code path} answer, as an Allow header lists them. */
    private String allowedMethods(String path) {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(parsed -> parsed.endpoint.method.isHttpMethod() && parsed.matches(path))
                .map(parsed -> parsed.endpoint.method.name())
                .distinct().sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Requests being handled right now. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops: new requests get 503, those in flight may finish (for at most {@link #DRAIN_TIMEOUT}),
     * then the server closes.
     */
    @Override
    public void close() {
        stopping = true;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    inFlight.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (slowClients != null) {
            slowClients.close();
        }
        app.stop();
    }
}
