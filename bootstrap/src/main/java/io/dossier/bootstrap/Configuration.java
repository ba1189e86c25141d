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
        Duration sweepGrace,
        Duration sweepInterval,
        Duration publicTokenLifetime) {

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
            new Variable("DOSSIER_API_KEYS", "(a generated development key)", "tenant:key[,tenant:key…], keys with full rights in their tenant"),
            new Variable("DOSSIER_JWT_SECRET", "(bearer tokens off)", "HS256 secret for bearer JWTs, at least 32 bytes"),
            new Variable("DOSSIER_JWT_ISSUER", "", "required iss of bearer JWTs, when set"),
            new Variable("DOSSIER_JWT_AUDIENCE", "", "required aud of bearer JWTs, when set"),
            new Variable("DOSSIER_PUBLIC_TOKEN_SECRET", "(generated, kept in the data folder)", "HS256 secret of public tokens, at least 32 bytes"),
            new Variable("DOSSIER_EVENTS_TOKEN", "(storage events off)", "shared token that storage notifications must carry"),
            new Variable("DOSSIER_MAX_UPLOAD_BYTES", "104857600 (100 MiB)", "largest upload"),
            new Variable("DOSSIER_MAX_PDF_BYTES", "20971520 (20 MiB)", "largest patient PDF"),
            new Variable("DOSSIER_UPLOAD_TTL", "PT15M", "how long presigned upload credentials stay valid (ISO-8601)"),
            new Variable("DOSSIER_SWEEP_GRACE", "PT1H", "age after which unreferenced objects are deleted (ISO-8601)"),
            new Variable("DOSSIER_SWEEP_INTERVAL", "PT5M", "how often the sweeper runs in the service (ISO-8601)"),
            new Variable("DOSSIER_PUBLIC_TOKEN_TTL", "P30D", "lifetime of public tokens (ISO-8601)"));

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
        r.pairs("DOSSIER_S3_REPOSITORIES").forEach(repositories::put);
        Map<String, TenantId> apiKeys = new LinkedHashMap<>();
        r.pairs("DOSSIER_API_KEYS").forEach((tenant, key) -> {
            if (key.length() < 16) {
                throw new IllegalArgumentException("DOSSIER_API_KEYS: the key of tenant " + tenant
                        + " is shorter than 16 characters");
            }
            apiKeys.put(key, r.tenant(tenant));
        });
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
                r.duration("DOSSIER_SWEEP_GRACE", Duration.ofHours(1)),
                r.duration("DOSSIER_SWEEP_INTERVAL", Duration.ofMinutes(5)),
                r.duration("DOSSIER_PUBLIC_TOKEN_TTL", Duration.ofDays(30)));
        r.failIfAnyProblem();
        return c;
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

        Map<String, String> pairs(String name) {
            Map<String, String> pairs = new LinkedHashMap<>();
            optional(name).ifPresent(v -> {
                for (String entry : v.split(",")) {
                    int colon = entry.indexOf(':');
                    if (colon < 1 || colon == entry.trim().length() - 1) {
                        problems.add(name + " entries must look like name:value, got '" + entry.trim() + "'");
                        continue;
                    }
                    pairs.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
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
