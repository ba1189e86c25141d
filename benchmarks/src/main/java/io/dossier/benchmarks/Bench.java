package io.dossier.benchmarks;

import io.dossier.embedded.EmbeddedDatabase;
import io.dossier.embedded.S3ProxyServer;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness for the packaged service ({@code bootstrap/target/dossier.jar}). Each command
 * starts what it measures, prints its figures, and stops everything again.
 *
 * <pre>
 * java -jar benchmarks/target/dossier-benchmarks.jar startup [runs]
 * java -jar benchmarks/target/dossier-benchmarks.jar upload [size-MiB] [rounds] [service-heap]
 * java -jar benchmarks/target/dossier-benchmarks.jar credentials [clients] [seconds]
 * </pre>
 */
public final class Bench {
    private static final String API_KEY = "bench-key-0123456789abcdef";
    private static final double MIB = 1024 * 1024;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("dossier.jar", "bootstrap/target/dossier.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println("build the service first: mvn -B -DskipTests package (looked for " + jar + ")");
            System.exit(2);
        }
        String command = args.length > 0 ? args[0] : "help";
        int status = 0;
        switch (command) {
            case "startup" -> startup(jar, intArg(args, 1, 3));
            case "upload" -> upload(jar, intArg(args, 1, 256), intArg(args, 2, 3), args.length > 3 ? args[3] : "256m");
            case "credentials" -> credentials(jar, intArg(args, 1, 16), intArg(args, 2, 20), intArg(args, 3, 60));
            case "extract" -> ExtractionBench.run(intArg(args, 1, 5));
            case "search" -> SearchBench.run(intArg(args, 1, 100_000), intArg(args, 2, 300));
            default -> {
                System.err.println("usage: startup [runs] | upload [size-MiB] [rounds] [service-heap] | "
                        + "credentials [clients] [seconds] [warm-up-seconds] | extract [rounds] | search [documents] [queries]");
                status = 2;
            }
        }
        // HTTP client threads would keep the JVM alive for a while.
        System.exit(status);
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    /** Start to /health 200 on the embedded defaults: a first start, then starts with the data there. */
    static void startup(Path jar, int runs) throws Exception {
        Path work = Files.createTempDirectory("dossier-bench-startup");
        Path data = work.resolve("data");
        Path log = work.resolve("service.log");
        System.out.printf("startup: embedded defaults, data in %s, JVM %s%n", data, Runtime.version());
        int port = freePort();
        try (ServiceProcess first = ServiceProcess.start(jar, data, port, null, Map.of(), log)) {
            System.out.printf("  first start (empty data folder): %6.2f s%n", first.startup.toMillis() / 1000.0);
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            try (ServiceProcess again = ServiceProcess.start(jar, data, port, null, Map.of(), log)) {
                seconds[i] = again.startup.toMillis() / 1000.0;
                System.out.printf("  second start #%d (data there):  %6.2f s%n", i + 1, seconds[i]);
            }
        }
        Arrays.sort(seconds);
        System.out.printf("startup: median of %d second starts = %.2f s (target < 5 s)%n", runs, seconds[runs / 2]);
    }

    /**
     * 256 MiB through {@code POST /api/dms/objects/{id}/contents/file}, alternating with the same
     * bytes PUT straight into the same S3 server; prints both throughputs and their ratio.
     */
    static void upload(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        Path work = Files.createTempDirectory("dossier-bench-upload");
        Path log = work.resolve("service.log");
        String expected = GeneratedStream.sha256(size, 42).toUpperCase(Locale.ROOT);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(Optional.empty());
             S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"), "bench", "bench-secret-0123456789")) {
            Map<String, String> env = new HashMap<>();
            env.put("DOSSIER_DB_URL", database.jdbcUrl());
            env.put("DOSSIER_DB_USER", database.user());
            env.put("DOSSIER_DB_PASSWORD", database.password());
            env.put("DOSSIER_S3_ENDPOINT", s3.endpoint().toString());
            env.put("DOSSIER_S3_ACCESS_KEY", s3.accessKey());
            env.put("DOSSIER_S3_SECRET_KEY", s3.secretKey());
            env.put("DOSSIER_API_KEYS", "bench:" + API_KEY);
            env.put("DOSSIER_MAX_UPLOAD_BYTES", Long.toString(Math.max(size, 1L << 30) + 1));
            try (ServiceProcess service = ServiceProcess.start(jar, work.resolve("data"), freePort(), serviceHeap,
                    env, log)) {
                System.out.printf("upload: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, JVM %s%n", sizeMib,
                        rounds, serviceHeap, s3.endpoint(), Runtime.version());
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String id = createDocument(http, service.baseUrl());
                MinioClient minio = MinioClient.builder().endpoint(s3.endpoint().toString()).region("us-east-1")
                        .credentials(s3.accessKey(), s3.secretKey()).build();
                double dossierTotal = 0;
                double directTotal = 0;
                // Round 0 warms both paths up (JIT, connections) and is not counted.
                for (int round = 0; round <= rounds; round++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(service.baseUrl() + "/api/dms/objects/" + id + "/contents/file"))
                            .header("X-API-Key", API_KEY).header("Content-Type", "application/octet-stream")
                            .header("Content-Disposition", "attachment; filename=\"bench.bin\"")
                            .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new GeneratedStream(size, 42)), size)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    double dossier = size / MIB / ((System.nanoTime() - t0) / 1e9);
                    if (response.statusCode() != 200 || !response.body().contains(expected)) {
                        throw new IllegalStateException("upload failed or wrong digest: " + response.statusCode()
                                + " " + response.body());
                    }
                    String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                            .bucket("dossier").object("bench/direct-" + round).expiry(3600).build());
                    long t1 = System.nanoTime();
                    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url))
                            .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new GeneratedStream(size, 42)), size)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    double direct = size / MIB / ((System.nanoTime() - t1) / 1e9);
                    if (put.statusCode() != 200) {
                        throw new IllegalStateException("direct PUT failed: " + put.statusCode() + " " + put.body());
                    }
                    if (round == 0) {
                        System.out.printf("  warm-up: dossier %7.1f MiB/s   direct PUT %7.1f MiB/s (not counted)%n",
                                dossier, direct);
                        continue;
                    }
                    dossierTotal += dossier;
                    directTotal += direct;
                    System.out.printf("  round %d: dossier %7.1f MiB/s   direct PUT %7.1f MiB/s   ratio %.2f%n",
                            round, dossier, direct, dossier / direct);
                }
                System.out.printf("upload: mean dossier %.1f MiB/s, direct %.1f MiB/s, ratio %.2f (target >= 0.90);"
                        + " SHA-256 reported by dossier matched every round%n", dossierTotal / rounds,
                        directTotal / rounds, dossierTotal / directTotal);
            }
        }
    }

    /**
     * {@code POST /document} (presigned upload credentials) from N concurrent clients. The service's
     * JIT needs about a minute of this load before its rate settles, hence the long warm-up.
     */
    static void credentials(Path jar, int clients, int seconds, int warmUp) throws Exception {
        Path work = Files.createTempDirectory("dossier-bench-credentials");
        Map<String, String> env = Map.of("DOSSIER_API_KEYS", "bench:" + API_KEY);
        try (ServiceProcess service = ServiceProcess.start(jar, work.resolve("data"), freePort(), null, env,
                work.resolve("service.log"))) {
            System.out.printf("credentials: %d clients, %d s (after %d s warm-up), embedded defaults, JVM %s%n",
                    clients, seconds, warmUp, Runtime.version());
            run(service.baseUrl(), clients, warmUp, false);
            java.time.Duration[] before = service.cpu();
            run(service.baseUrl(), clients, seconds, true);
            java.time.Duration[] after = service.cpu();
            System.out.printf("credentials: CPU while measured (100 %% = one core of %d): service JVM %.0f %%,"
                            + " PostgreSQL %.0f %%, this load generator %.0f %%%n",
                    Runtime.getRuntime().availableProcessors(),
                    after[0].minus(before[0]).toMillis() / (seconds * 10.0),
                    after[1].minus(before[1]).toMillis() / (seconds * 10.0),
                    after[2].minus(before[2]).toMillis() / (seconds * 10.0));
        }
    }

    private static void run(String base, int clients, int seconds, boolean report) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/document"))
                .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}"))
                .build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                int failures = 0;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 200) {
                        failures++;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t;
                }
                long[] out = Arrays.copyOf(latencies, n + 1);
                out[n] = failures;
                return out;
            }));
        }
        List<Long> all = new ArrayList<>();
        long failures = 0;
        for (Future<long[]> result : results) {
            long[] r = result.get();
            for (int i = 0; i < r.length - 1; i++) {
                all.add(r[i]);
            }
            failures += r[r.length - 1];
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        if (!report) {
            return;
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("credentials: %d requests in %.1f s = %.0f/s, failures %d; latency p50 %.1f ms, p95 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms (target >= 3000/s, p99 < 20 ms)%n", sorted.length, elapsed,
                sorted.length / elapsed, failures, pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static String createDocument(HttpClient http, String base) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbenchmark\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                .header("X-API-Key", API_KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("could not create a document: " + created.statusCode() + " " + created.body());
        }
        return m.group(1);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
