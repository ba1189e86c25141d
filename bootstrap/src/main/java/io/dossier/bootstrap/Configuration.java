package io.dossier.bootstrap;

import io.dossier.domain.TenantId;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's settings, read from environment variables. Everything has an embedded default;
 * a database URL or an S3 endpoint switches to the external server. Wrong values stop the start
 * with a message naming the variable.
 */
record Configuration(
        String host,
        int port,
        Optional<URI> publicUrl,
        Path dataDirectory,
        Optional<Database> database,
        Optional<Storage> storage,
        String defaultBucket,
        Map<String, String> repositories,
        Map<String, TenantId> apiKeys,
        Optional<byte[]> jwtSecret,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        Optional<byte[]> publicTokenSecret,
        Optional<String> eventsToken,
        long maxUploadBytes,
        long maxPdfBytes,
        Duration uploadTtl,
        Duration tusUploadTtl,
        Duration sweepGrace,
        Duration sweepInterval,
        Duration publicTokenLifetime,
        Optional<Integer> embeddedStorePort,
        Timeouts timeouts,
        Extraction extraction,
        String searchConfiguration,
        Optional<String> metricsToken,
        int authFailuresPerMinute,
        List<String> corsOrigins,
        Optional<URI> jwksUrl,
        Duration trashPeriod,
        List<io.dossier.domain.RetentionPolicy> retentionPolicies,
        IntegrityScan integrityScan,
        Optional<String> objectLock,
        int cachedRows,
        int requestThreads,
        int minBodyRate) {

    /** The scheduled re-hash of stored content: how often, what share of the versions, how fast. */
    record IntegrityScan(Duration interval, int samplePercent, long bytesPerSecond) {
        boolean isOn() {
            return samplePercent > 0;
        }
    }

    /** How text renditions are made: by how many workers, within which limits. */
    record Extraction(int workers, Duration timeout, long maxContentBytes, int maxTextChars) {
    }

    /** How long each outside call may stall before the request fails with 503. */
    record Timeouts(Duration dbStatement, Duration dbSocket, Duration dbPool, Duration storeConnect,
                    Duration store, Duration requestHeaders) {
    }

    static final long MIB = 1024L * 1024L;

    /** An external PostgreSQL. */
    record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return "Database[" + url + ", user " + user + "]";
        }
    }

    /** An external S3-compatible store. */
    record Storage(String endpoint, String accessKey, String secretKey, String region, Optional<String> publicEndpoint) {
        @Override
        public String toString() {
            return "Storage[" + endpoint + ", region " + region + "]";
        }
    }

    /** One documented variable: name, default, meaning (the README's table is made from the same facts). */
    record Variable(String name, String defaultValue, String meaning) {
    }

    static final List<Variable> VARIABLES = List.of(
            new Variable("DOSSIER_HOST", "0.0.0.0", "address the HTTP server binds to"),
            new Variable("DOSSIER_PORT", "8080", "HTTP port"),
            new Variable("DOSSIER_PUBLIC_URL", "(from the request's Host header)", "absolute http(s) base of the links handed out (public tokens, downloads), e.g. https://example.com/dossier; needed behind a proxy"),
            new Variable("DOSSIER_DATA_DIR", "./data", "folder of the embedded database, embedded store and generated secrets"),
            new Variable("DOSSIER_DB_URL", "(embedded PostgreSQL)", "JDBC URL of an external PostgreSQL"),
            new Variable("DOSSIER_DB_USER", "", "database user"),
            new Variable("DOSSIER_DB_PASSWORD", "", "database password"),
            new Variable("DOSSIER_S3_ENDPOINT", "(embedded S3Proxy)", "URL of an external MinIO / S3-compatible store"),
            new Variable("DOSSIER_S3_ACCESS_KEY", "", "access key of the store"),
            new Variable("DOSSIER_S3_SECRET_KEY", "", "secret key of the store"),
            new Variable("DOSSIER_S3_REGION", "us-east-1", "region used for signing"),
            new Variable("DOSSIER_S3_BUCKET", "dossier", "bucket of the default repository (its repository id is the bucket name)"),
            new Variable("DOSSIER_S3_REPOSITORIES", "", "more repositories: id:bucket[,id:bucket…], chosen with X-OS-REPOSITORY-ID"),
            new Variable("DOSSIER_S3_PUBLIC_ENDPOINT", "(the endpoint)", "store address clients use in presigned URLs, when it differs"),
            new Variable("DOSSIER_API_KEYS", "(a generated development key)", "tenant:key[,tenant:key…], keys with full rights in their tenant; a tenant may have several (to rotate them)"),
            new Variable("DOSSIER_JWT_SECRET", "(bearer tokens off)", "HS256 secret for bearer JWTs, at least 32 bytes"),
            new Variable("DOSSIER_JWT_JWKS_URL", "(none)", "JWKS URL of an identity provider whose RS256/ES256 bearer JWTs are accepted (keys cached, fetched again for a new kid)"),
            new Variable("DOSSIER_JWT_ISSUER", "", "required iss of bearer JWTs, when set"),
            new Variable("DOSSIER_JWT_AUDIENCE", "", "required aud of bearer JWTs, when set"),
            new Variable("DOSSIER_PUBLIC_TOKEN_SECRET", "(generated, kept in the data folder)", "HS256 secret of public tokens, at least 32 bytes"),
            new Variable("DOSSIER_EVENTS_TOKEN", "(storage events off)", "shared token that storage notifications must carry"),
            new Variable("DOSSIER_MAX_UPLOAD_BYTES", "104857600 (100 MiB)", "largest upload"),
            new Variable("DOSSIER_MAX_PDF_BYTES", "20971520 (20 MiB)", "largest patient PDF"),
            new Variable("DOSSIER_UPLOAD_TTL", "PT15M", "how long presigned upload credentials stay valid (ISO-8601)"),
            new Variable("DOSSIER_TUS_UPLOAD_TTL", "P1D", "how long a resumable (tus) upload may take before it expires and its parts are deleted (ISO-8601, at least a minute)"),
            new Variable("DOSSIER_SWEEP_GRACE", "PT1H", "age after which unreferenced objects are deleted (ISO-8601)"),
            new Variable("DOSSIER_SWEEP_INTERVAL", "PT5M", "how often the sweeper runs in the service (ISO-8601)"),
            new Variable("DOSSIER_PUBLIC_TOKEN_TTL", "P30D", "lifetime of public tokens (ISO-8601)"),
            new Variable("DOSSIER_TRASH_PERIOD", "P30D", "how long a deleted document stays in the trash, restorable, before the sweeper purges it (ISO-8601)"),
            new Variable("DOSSIER_INTEGRITY_SCAN_INTERVAL", "PT24H", "how often the service re-reads a sample of the stored content and compares it with its SHA-256 (ISO-8601)"),
            new Variable("DOSSIER_INTEGRITY_SCAN_SAMPLE", "10", "percent of the versions each scan reads, chosen at random (0: no scheduled scans)"),
            new Variable("DOSSIER_INTEGRITY_SCAN_RATE", "33554432 (32 MiB/s)", "how fast a scan reads stored content, at most, in bytes per second"),
            new Variable("DOSSIER_S3_OBJECT_LOCK", "(none)", "governance or compliance: the objects of retained documents are locked in the store too (S3 Object Lock; buckets need it enabled, those Dossier creates get it)"),
            new Variable("DOSSIER_RETENTION_POLICIES", "(none)", "retentions by tag or media type, from a document's creation: tag:invoice=P10Y,type:application/pdf=P6Y (ISO-8601 periods); a policy only extends a retention"),
            new Variable("DOSSIER_EMBEDDED_S3_PORT", "(chosen at the first start, kept in the data folder)", "port of the embedded store on 127.0.0.1; it stays the same across restarts so that upload forms handed out stay valid"),
            new Variable("DOSSIER_READ_CACHE_ROWS", "100000", "how much of what document pages and lists read is kept in memory until it changes, in database rows (a document, a version, a tag: one each; a few hundred bytes); every instance on the database hears of each change by LISTEN/NOTIFY, which needs a direct or session-pooled connection (0: read the database every time)"),
            new Variable("DOSSIER_DB_STATEMENT_TIMEOUT", "PT10S", "longest a database statement may run (ISO-8601)"),
            new Variable("DOSSIER_DB_SOCKET_TIMEOUT", "PT15S", "longest the database may stay silent on a connection before the request fails with 503 (ISO-8601)"),
            new Variable("DOSSIER_DB_POOL_TIMEOUT", "PT5S", "longest a request waits for a free database connection (ISO-8601)"),
            new Variable("DOSSIER_S3_CONNECT_TIMEOUT", "PT5S", "longest a connection to the store may take (ISO-8601)"),
            new Variable("DOSSIER_S3_TIMEOUT", "PT15S", "longest the store may stall a read or write before the request fails with 503 (ISO-8601)"),
            new Variable("DOSSIER_HEADER_TIMEOUT", "PT10S", "time a client has to send a request's line and headers (ISO-8601)"),
            new Variable("DOSSIER_MIN_BODY_RATE", "1000", "bytes a second a request body must arrive at while the server waits for it, after twice DOSSIER_HEADER_TIMEOUT; a slower client is disconnected, since it holds a request thread while it sends (0: no minimum)"),
            new Variable("DOSSIER_REQUEST_THREADS", "250", "requests worked on at once, more wait for a thread (at least 8); a download waiting for a slow client holds none, and on a JDK with virtual threads each request has its own and this limit does not apply"),
            new Variable("DOSSIER_EXTRACTION_WORKERS", "2", "threads that make text renditions in this instance (0: none here; other instances on the same database still do)"),
            new Variable("DOSSIER_EXTRACTION_TIMEOUT", "PT60S", "longest one text extraction may take; a slower one fails (ISO-8601)"),
            new Variable("DOSSIER_EXTRACTION_MAX_BYTES", "67108864 (64 MiB)", "largest content whose text is extracted; larger content gets a failed rendition"),
            new Variable("DOSSIER_TEXT_MAX_CHARS", "4000000", "longest text rendition, in characters; a longer text is cut and marked truncated"),
            new Variable("DOSSIER_SEARCH_CONFIG", "simple", "PostgreSQL text search configuration of full-text search (for example german, for stemming); one the database lacks falls back to simple"),
            new Variable("DOSSIER_METRICS_TOKEN", "(metrics off)", "bearer token that a scrape of GET /metrics (Prometheus) must carry, at least 16 characters"),
            new Variable("DOSSIER_AUTH_FAILURES_PER_MINUTE", "30", "failed authentications a client address may have in a minute before it is answered 429 until the minute ends (0: no limit, e.g. when a proxy in front limits)"),
            new Variable("DOSSIER_CORS_ORIGINS", "(none)", "browser origins allowed to call the API and to post presigned forms to the embedded store (which also takes the service's own origin, for the console): https://app.example.com[,…], exact, no wildcard"),
            new Variable("DOSSIER_LOG_FORMAT", "text", "log lines as plain text, or json: one JSON object per line (level, logger, message, request and trace ids in mdc)"));

    static Configuration from(Map<String, String> env) {
        Reader r = new Reader(env);
        Optional<Database> database = r.optional("DOSSIER_DB_URL").map(url ->
                new Database(url, r.optional("DOSSIER_DB_USER").orElse(""), r.optional("DOSSIER_DB_PASSWORD").orElse("")));
        Optional<Storage> storage = r.optional("DOSSIER_S3_ENDPOINT").map(endpoint -> new Storage(endpoint,
                r.required("DOSSIER_S3_ACCESS_KEY", "an S3 endpoint is set"),
                r.required("DOSSIER_S3_SECRET_KEY", "an S3 endpoint is set"),
                r.optional("DOSSIER_S3_REGION").orElse("us-east-1"),
                r.optional("DOSSIER_S3_PUBLIC_ENDPOINT")));
        String bucket = r.optional("DOSSIER_S3_BUCKET").orElse("dossier");
        Map<String, String> repositories = new LinkedHashMap<>();
        repositories.put(bucket, bucket);
        r.bucket("DOSSIER_S3_BUCKET", bucket);
        for (Map.Entry<String, String> repository : r.pairs("DOSSIER_S3_REPOSITORIES")) {
            if (repositories.putIfAbsent(repository.getKey(), repository.getValue()) != null) {
                r.problem("DOSSIER_S3_REPOSITORIES: repository " + repository.getKey() + " is named twice"
                        + (repository.getKey().equals(bucket) ? " (it is the default bucket's id)" : ""));
            }
            r.bucket("DOSSIER_S3_REPOSITORIES", repository.getValue());
        }
        // A tenant may have several keys (to rotate them); one key belongs to one tenant.
        Map<String, TenantId> apiKeys = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> entry : r.pairs("DOSSIER_API_KEYS")) {
            index++;
            String tenant = entry.getKey();
            String key = entry.getValue();
            if (key.length() < 16) {
                r.problem("DOSSIER_API_KEYS: key " + index + " (of tenant " + tenant + ") is shorter than 16 characters");
                continue;
            }
            TenantId previous = apiKeys.put(key, r.tenant(tenant));
            if (previous != null) {
                r.problem("DOSSIER_API_KEYS: key " + index + " (of tenant " + tenant + ") is given twice");
            }
        }
        r.optional("DOSSIER_EVENTS_TOKEN").filter(t -> t.length() < 16).ifPresent(t ->
                r.problem("DOSSIER_EVENTS_TOKEN must have at least 16 characters, it has " + t.length()));
        r.optional("DOSSIER_METRICS_TOKEN").filter(t -> t.length() < 16).ifPresent(t ->
                r.problem("DOSSIER_METRICS_TOKEN must have at least 16 characters, it has " + t.length()));
        storage.ifPresent(st -> {
            r.endpoint("DOSSIER_S3_ENDPOINT", st.endpoint());
            st.publicEndpoint().ifPresent(p -> r.endpoint("DOSSIER_S3_PUBLIC_ENDPOINT", p));
        });
        database.ifPresent(db -> {
            if (!db.url().startsWith("jdbc:postgresql:")) {
                r.problem("DOSSIER_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
            }
        });
        Timeouts timeouts = new Timeouts(
                r.duration("DOSSIER_DB_STATEMENT_TIMEOUT", Duration.ofSeconds(10)),
                r.duration("DOSSIER_DB_SOCKET_TIMEOUT", Duration.ofSeconds(15)),
                r.duration("DOSSIER_DB_POOL_TIMEOUT", Duration.ofSeconds(5)),
                r.duration("DOSSIER_S3_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
                r.duration("DOSSIER_S3_TIMEOUT", Duration.ofSeconds(15)),
                r.duration("DOSSIER_HEADER_TIMEOUT", Duration.ofSeconds(10)));
        if (timeouts.dbSocket().compareTo(timeouts.dbStatement()) <= 0) {
            r.problem("DOSSIER_DB_SOCKET_TIMEOUT must be longer than DOSSIER_DB_STATEMENT_TIMEOUT, so that a slow "
                    + "statement is cancelled by the database before the connection is given up");
        }
        Optional<Integer> embeddedStorePort = r.optional("DOSSIER_EMBEDDED_S3_PORT")
                .map(v -> r.integer("DOSSIER_EMBEDDED_S3_PORT", 0, 1, 65535));
        if (embeddedStorePort.isPresent() && storage.isPresent()) {
            r.problem("DOSSIER_EMBEDDED_S3_PORT is for the embedded store; DOSSIER_S3_ENDPOINT names an external one");
        }
        Configuration c = new Configuration(
                r.optional("DOSSIER_HOST").orElse("0.0.0.0"),
                r.integer("DOSSIER_PORT", 8080, 0, 65535),
                r.baseUrl("DOSSIER_PUBLIC_URL"),
                Path.of(r.optional("DOSSIER_DATA_DIR").orElse("./data")).toAbsolutePath().normalize(),
                database, storage, bucket, repositories, apiKeys,
                r.secret("DOSSIER_JWT_SECRET"),
                r.optional("DOSSIER_JWT_ISSUER"),
                r.optional("DOSSIER_JWT_AUDIENCE"),
                r.secret("DOSSIER_PUBLIC_TOKEN_SECRET"),
                r.optional("DOSSIER_EVENTS_TOKEN"),
                r.bytes("DOSSIER_MAX_UPLOAD_BYTES", 100 * MIB),
                r.bytes("DOSSIER_MAX_PDF_BYTES", 20 * MIB),
                r.duration("DOSSIER_UPLOAD_TTL", Duration.ofMinutes(15)),
                tusUploadTtl(r),
                r.duration("DOSSIER_SWEEP_GRACE", Duration.ofHours(1)),
                r.duration("DOSSIER_SWEEP_INTERVAL", Duration.ofMinutes(5)),
                r.duration("DOSSIER_PUBLIC_TOKEN_TTL", Duration.ofDays(30)),
                embeddedStorePort, timeouts,
                new Extraction(r.integer("DOSSIER_EXTRACTION_WORKERS", 2, 0, 64),
                        r.duration("DOSSIER_EXTRACTION_TIMEOUT", Duration.ofSeconds(60)),
                        r.bytes("DOSSIER_EXTRACTION_MAX_BYTES", 64 * MIB),
                        r.integer("DOSSIER_TEXT_MAX_CHARS", 4_000_000, 1000, 100_000_000)),
                r.optional("DOSSIER_SEARCH_CONFIG").orElse("simple"),
                r.optional("DOSSIER_METRICS_TOKEN"),
                r.integer("DOSSIER_AUTH_FAILURES_PER_MINUTE", 30, 0, 1_000_000),
                corsOrigins(r),
                r.baseUrl("DOSSIER_JWT_JWKS_URL"),
                r.duration("DOSSIER_TRASH_PERIOD", Duration.ofDays(30)),
                retentionPolicies(r),
                new IntegrityScan(r.duration("DOSSIER_INTEGRITY_SCAN_INTERVAL", Duration.ofHours(24)),
                        r.integer("DOSSIER_INTEGRITY_SCAN_SAMPLE", 10, 0, 100),
                        r.bytes("DOSSIER_INTEGRITY_SCAN_RATE", 32 * MIB)),
                objectLock(r),
                r.integer("DOSSIER_READ_CACHE_ROWS", 100_000, 0, 100_000_000),
                r.integer("DOSSIER_REQUEST_THREADS", 250, 8, 100_000),
                r.integer("DOSSIER_MIN_BODY_RATE", 1_000, 0, 1_000_000_000));
        r.failIfAnyProblem();
        return c;
    }

    private static Duration tusUploadTtl(Reader r) {
        Duration ttl = r.duration("DOSSIER_TUS_UPLOAD_TTL", Duration.ofDays(1));
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
            r.problem("DOSSIER_TUS_UPLOAD_TTL must be at least a minute, not " + ttl);
            return Duration.ofDays(1);
        }
        return ttl;
    }

    private static Optional<String> objectLock(Reader r) {
        Optional<String> mode = r.optional("DOSSIER_S3_OBJECT_LOCK").map(m -> m.strip().toLowerCase(java.util.Locale.ROOT));
        mode.filter(m -> !m.equals("governance") && !m.equals("compliance")).ifPresent(m ->
                r.problem("DOSSIER_S3_OBJECT_LOCK must be governance or compliance, not " + m));
        return mode;
    }

    private static List<io.dossier.domain.RetentionPolicy> retentionPolicies(Reader r) {
        List<io.dossier.domain.RetentionPolicy> policies = new java.util.ArrayList<>();
        for (String policy : r.optional("DOSSIER_RETENTION_POLICIES").orElse("").split(",")) {
            if (policy.isBlank()) {
                continue;
            }
            try {
                policies.add(io.dossier.domain.RetentionPolicy.parse(policy));
            } catch (io.dossier.domain.DocumentException e) {
                r.problem("DOSSIER_RETENTION_POLICIES: " + e.getMessage());
            }
        }
        return List.copyOf(policies);
    }

    /** Exact browser origins: scheme, host and optional port, nothing else (no wildcard, no path). */
    private static List<String> corsOrigins(Reader r) {
        List<String> origins = new java.util.ArrayList<>();
        for (String origin : r.optional("DOSSIER_CORS_ORIGINS").orElse("").split(",")) {
            String o = origin.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (!o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                r.problem("DOSSIER_CORS_ORIGINS: '" + o + "' is not an exact origin such as https://app.example.com"
                        + " (no wildcard, path or trailing slash)");
            } else {
                origins.add(o.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return List.copyOf(origins);
    }

    /** Collects every problem, so that one start names them all. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        void problem(String problem) {
            problems.add(problem);
        }

        /** S3's rules for bucket names, checked before anything starts. */
        void bucket(String name, String bucket) {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                problems.add(name + ": '" + bucket + "' is not a valid bucket name (3 to 63 characters: a-z, 0-9, "
                        + "dots and hyphens, starting and ending with a letter or digit)");
            }
        }

        void endpoint(String name, String value) {
            try {
                URI url = new URI(value);
                if (url.getScheme() == null || !(url.getScheme().equalsIgnoreCase("http")
                        || url.getScheme().equalsIgnoreCase("https")) || url.getHost() == null) {
                    problems.add(name + " must be an http or https URL with a host, such as http://minio:9000");
                }
            } catch (URISyntaxException e) {
                problems.add(name + " is not a URL");
            }
        }

        String required(String name, String because) {
            return optional(name).orElseGet(() -> {
                problems.add(name + " is required because " + because);
                return "";
            });
        }

        int integer(String name, int fallback, int min, int max) {
            return optional(name).map(v -> {
                try {
                    int value = Integer.parseInt(v);
                    if (value < min || value > max) {
                        problems.add(name + " must be between " + min + " and " + max);
                    }
                    return value;
                } catch (NumberFormatException e) {
                    problems.add(name + " is not a number: " + v);
                    return fallback;
                }
            }).orElse(fallback);
        }

        long bytes(String name, long fallback) {
            return optional(name).map(v -> {
                try {
                    long value = Long.parseLong(v);
                    if (value < 1) {
                        problems.add(name + " must be positive");
                    }
                    return value;
                } catch (NumberFormatException e) {
                    problems.add(name + " is not a number of bytes: " + v);
                    return fallback;
                }
            }).orElse(fallback);
        }

        Duration duration(String name, Duration fallback) {
            return optional(name).map(v -> {
                try {
                    Duration value = Duration.parse(v);
                    if (value.isNegative() || value.isZero()) {
                        problems.add(name + " must be positive");
                    }
                    return value;
                } catch (DateTimeParseException e) {
                    problems.add(name + " is not an ISO-8601 duration such as PT15M: " + v);
                    return fallback;
                }
            }).orElse(fallback);
        }

        /** An absolute http(s) URL that paths are appended to: no query or fragment, no trailing slash. */
        Optional<URI> baseUrl(String name) {
            return optional(name).flatMap(v -> {
                URI url;
                try {
                    url = new URI(v);
                } catch (URISyntaxException e) {
                    problems.add(name + " is not a URL: " + v);
                    return Optional.empty();
                }
                String scheme = url.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || url.getHost() == null) {
                    problems.add(name + " must be an absolute http or https URL such as https://docs.example.com, got "
                            + v);
                    return Optional.empty();
                }
                // The value itself is not repeated here: user info may hold a password.
                if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
                    problems.add(name + " must have no user info, query or fragment");
                    return Optional.empty();
                }
                return Optional.of(URI.create(v.replaceAll("/+$", "")));
            });
        }

        Optional<byte[]> secret(String name) {
            return optional(name).map(v -> {
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                if (bytes.length < 32) {
                    problems.add(name + " must have at least 32 bytes, it has " + bytes.length);
                }
                return bytes;
            });
        }

        /** name:value pairs in the order given; a name may come more than once. */
        List<Map.Entry<String, String>> pairs(String name) {
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            optional(name).ifPresent(v -> {
                int index = 0;
                for (String entry : v.split(",")) {
                    index++;
                    String trimmed = entry.trim();
                    int colon = trimmed.indexOf(':');
                    if (colon < 1 || colon == trimmed.length() - 1) {
                        // The entry itself is not repeated: it may hold a secret.
                        problems.add(name + ": entry " + index + " must look like name:value");
                        continue;
                    }
                    pairs.add(Map.entry(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim()));
                }
            });
            return pairs;
        }

        TenantId tenant(String value) {
            try {
                return new TenantId(value);
            } catch (RuntimeException e) {
                problems.add("DOSSIER_API_KEYS: tenant '" + value + "' is not valid: " + e.getMessage());
                return new TenantId("invalid");
            }
        }

        void failIfAnyProblem() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("configuration refused:\n  - " + String.join("\n  - ", problems));
            }
        }
    }
}
