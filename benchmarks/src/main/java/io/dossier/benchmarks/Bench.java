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
 * java -jar benchmarks/target/dossier-benchmarks.jar credentials [clients] [seconds] [warm-up-seconds]
 * java -jar benchmarks/target/dossier-benchmarks.jar reads [clients] [seconds]
 * java -jar benchmarks/target/dossier-benchmarks.jar complete [size-MiB] [rounds] [service-heap]
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
            case "credentials" -> credentials(jar, intArg(args, 1, 16), intArg(args, 2, 20), intArg(args, 3, 150));
            case "reads" -> reads(jar, intArg(args, 1, 16), intArg(args, 2, 20), intArg(args, 3, 60));
            case "forms" -> forms(jar, intArg(args, 1, 256), intArg(args, 2, 5), args.length > 3 ? args[3] : "256m");
            case "tus" -> tus(jar, intArg(args, 1, 256), intArg(args, 2, 5), args.length > 3 ? args[3] : "256m");
            case "complete" -> complete(jar, intArg(args, 1, 256), intArg(args, 2, 5), args.length > 3 ? args[3] : "256m");
            case "download" -> download(jar, intArg(args, 1, 256), intArg(args, 2, 5), args.length > 3 ? args[3] : "256m");
            case "extract" -> ExtractionBench.run(intArg(args, 1, 5));
            case "search" -> SearchBench.run(intArg(args, 1, 100_000), intArg(args, 2, 300));
            default -> {
                System.err.println("usage: startup [runs] | upload [size-MiB] [rounds] [service-heap] | forms [size-MiB] [rounds] [service-heap] | tus [size-MiB] [rounds] [service-heap] | "
                        + "download [size-MiB] [rounds] [service-heap] | credentials [clients] [seconds] [warm-up-seconds] | reads [clients] [seconds] [warm-up-seconds] | extract [rounds] | search [documents] [queries]");
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
        deleteTree(work);
        Arrays.sort(seconds);
        System.out.printf("startup: median of %d second starts = %.2f s (target < 5 s)%n", runs, seconds[runs / 2]);
    }

    /**
     * 256 MiB through {@code POST /api/dms/objects/{id}/contents/file}, alternating with the same
     * bytes PUT straight into the same S3 server; prints both throughputs and their ratio.
     */
    /** The service as its own process on a database and an S3Proxy of its own, with a document to fill. */
    private record Stack(Path work, EmbeddedDatabase database, S3ProxyServer s3, ServiceProcess service,
                         MinioClient minio, HttpClient http, String documentId) implements AutoCloseable {
        static Stack start(Path jar, long size, String serviceHeap, String what) throws Exception {
            return start(jar, size, serviceHeap, what, "1g");
        }

        static Stack start(Path jar, long size, String serviceHeap, String what, String storeHeap) throws Exception {
            Path work = Files.createTempDirectory("dossier-bench-" + what);
            EmbeddedDatabase database = EmbeddedDatabase.start(Optional.empty());
            S3ProxyServer s3 = S3ProxyServer.builder(work.resolve("s3"), "bench", "bench-secret-0123456789")
                    .maxHeap(storeHeap).start();
            Map<String, String> env = new HashMap<>();
            env.put("DOSSIER_DB_URL", database.jdbcUrl());
            env.put("DOSSIER_DB_USER", database.user());
            env.put("DOSSIER_DB_PASSWORD", database.password());
            env.put("DOSSIER_S3_ENDPOINT", s3.endpoint().toString());
            env.put("DOSSIER_S3_ACCESS_KEY", s3.accessKey());
            env.put("DOSSIER_S3_SECRET_KEY", s3.secretKey());
            env.put("DOSSIER_API_KEYS", "bench:" + API_KEY);
            env.put("DOSSIER_MAX_UPLOAD_BYTES", Long.toString(Math.max(size, 1L << 30) + 1));
            env.put("DOSSIER_MAX_PDF_BYTES", Long.toString(Math.max(size, 1L << 30) + 1));
            ServiceProcess service = ServiceProcess.start(jar, work.resolve("data"), freePort(), serviceHeap, env,
                    work.resolve("service.log"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            MinioClient minio = MinioClient.builder().endpoint(s3.endpoint().toString()).region("us-east-1")
                    .credentials(s3.accessKey(), s3.secretKey()).build();
            return new Stack(work, database, s3, service, minio, http, createDocument(http, service.baseUrl()));
        }

        /** The enaio-style raw upload of generated bytes; answers its SHA-256 as the service reports it. */
        HttpResponse<String> upload(long size) throws Exception {
            return http.send(HttpRequest.newBuilder(
                            URI.create(service.baseUrl() + "/api/dms/objects/" + documentId + "/contents/file"))
                    .header("X-API-Key", API_KEY).header("Content-Type", "application/octet-stream")
                    .header("Content-Disposition", "attachment; filename=\"bench.bin\"")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new GeneratedStream(size, 42)), size)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** A PUT of the same bytes straight to the store, through a presigned URL. */
        HttpResponse<String> putDirect(String object, long size) throws Exception {
            String url = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                    .bucket("dossier").object(object).expiry(3600).build());
            return http.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new GeneratedStream(size, 42)), size)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String presignedPut(String object) throws Exception {
            return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.PUT)
                    .bucket("dossier").object(object).expiry(3600).build());
        }

        String presignedGet(String object) throws Exception {
            return minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket("dossier").object(object).expiry(3600).build());
        }

        @Override
        public void close() throws Exception {
            try (database; s3; service) {
                // closed in reverse order: the service first
            } finally {
                deleteTree(work);
            }
        }
    }

    /** A run's own folder goes when it ends: uploads of a GiB, several rounds, would fill the disk. */
    private static void deleteTree(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Raw uploads (the enaio-style content update) against PUTs of the same file straight to the
     * store by a presigned URL, both sent by curl from a file in the page cache (Java's own HTTP
     * client is slower than the store and would measure itself); median of the rounds.
     */
    static void upload(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        String expected = GeneratedStream.sha256(size, 42).toUpperCase(Locale.ROOT);
        Path file = Files.createTempFile("dossier-bench-upload", ".bin");
        try (Stack stack = Stack.start(jar, size, serviceHeap, "upload")) {
            try (java.io.InputStream in = new GeneratedStream(size, 42)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.printf("upload: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, curl from a file%n", sizeMib,
                    rounds, serviceHeap, stack.s3().endpoint());
            String target = stack.service().baseUrl() + "/api/dms/objects/" + stack.documentId() + "/contents/file";
            String form = stack.service().baseUrl() + "/v1/documents";
            double[][] rates = new double[4][rounds];
            // The service's CPU seconds and context switches per GiB each way cost it (counted rounds).
            double[][] cpu = new double[4][rounds];
            double[][] switches = new double[4][rounds];
            String[] paths = {"raw (declared length)", "raw chunked", "multipart create", "direct PUT"};
            // Round 0 warms every path up (JIT, connections) and is not counted; it is repeated
            // until the warm-up time has passed (-Ddossier.bench.warmup=seconds, 30 by default):
            // one round is too short for the JIT, whose compiler threads would share the two cores.
            long warmUpEnd = warmUpEnd();
            for (int round = 0; round <= rounds; round++) {
                List<String> raw = List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY,
                        "-H", "Content-Type: application/octet-stream",
                        "-H", "Content-Disposition: attachment; filename=\"bench.bin\"");
                List<String> chunked = new ArrayList<>(raw);
                chunked.addAll(List.of("-H", "Transfer-Encoding: chunked"));
                int number = round;
                List<java.util.concurrent.Callable<String[]>> ways = List.of(
                        () -> check(curlUpload(file, target, raw), "200", expected, "raw upload"),
                        () -> check(curlUpload(file, target, chunked), "200", expected, "chunked upload"),
                        () -> check(curl(List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY,
                                "-F", "name=bench-" + number, "-F", "file=@" + file + ";type=application/octet-stream"),
                                form), "201", expected.toLowerCase(Locale.ROOT), "multipart create"),
                        () -> {
                            String[] put = curlUpload(file, stack.presignedPut("bench/direct-" + number), List.of());
                            if (!put[0].equals("200")) {
                                throw new IllegalStateException("direct PUT failed: " + String.join(" ", put));
                            }
                            return put;
                        });
                // Each round starts with another way, so that no way always follows the same one and
                // pays for its write-back; -Ddossier.bench.sync=true also lets the disk take what the
                // one before left in the page cache before each upload (sync, not timed).
                String[][] answers = new String[4][];
                double gib = size / (1024.0 * MIB);
                for (int k = 0; k < 4; k++) {
                    int way = (round + k) % 4;
                    if (Boolean.getBoolean("dossier.bench.sync")) {
                        new ProcessBuilder("sync").inheritIO().start().waitFor();
                    }
                    java.time.Duration cpuBefore = stack.service().cpu()[0];
                    long switchesBefore = stack.service().contextSwitches();
                    answers[way] = ways.get(way).call();
                    if (round > 0) {
                        cpu[way][round - 1] = (stack.service().cpu()[0].minus(cpuBefore)).toNanos() / 1e9 / gib;
                        switches[way][round - 1] = (stack.service().contextSwitches() - switchesBefore) / gib;
                    }
                }
                double[] r = new double[4];
                for (int i = 0; i < 4; i++) {
                    r[i] = size / MIB / Double.parseDouble(answers[i][1]);
                }
                if (round == 0) {
                    System.out.printf("  warm-up: raw %7.1f  chunked %7.1f  multipart %7.1f  direct PUT %7.1f MiB/s "
                            + "(not counted)%n", r[0], r[1], r[2], r[3]);
                    if (System.nanoTime() < warmUpEnd) {
                        round = -1;
                    }
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    rates[i][round - 1] = r[i];
                }
                System.out.printf("  round %d: raw %7.1f  chunked %7.1f  multipart %7.1f  direct PUT %7.1f MiB/s   "
                        + "raw/PUT %.2f  chunked/raw %.2f  multipart/PUT %.2f%n", round, r[0], r[1], r[2], r[3],
                        r[0] / r[3], r[1] / r[0], r[2] / r[3]);
            }
            double[][] ratios = new double[3][rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[0][i] = rates[0][i] / rates[3][i];
                ratios[1][i] = rates[1][i] / rates[0][i];
                ratios[2][i] = rates[2][i] / rates[3][i];
            }
            for (double[] each : rates) {
                Arrays.sort(each);
            }
            for (double[] each : ratios) {
                Arrays.sort(each);
            }
            for (double[] each : cpu) {
                Arrays.sort(each);
            }
            for (double[] each : switches) {
                Arrays.sort(each);
            }
            for (int i = 0; i < 4; i++) {
                System.out.printf("upload: median %-22s %7.1f MiB/s   service CPU %.2f s/GiB, %,.0f context switches/GiB%n",
                        paths[i], rates[i][rounds / 2], cpu[i][rounds / 2], switches[i][rounds / 2]);
            }
            System.out.printf("upload: median ratios: raw / direct PUT %.2f (target >= 0.95), chunked / raw %.2f "
                    + "(target >= 0.80), multipart / direct PUT %.2f (target >= 0.80); every SHA-256 matched%n",
                    ratios[0][rounds / 2], ratios[1][rounds / 2], ratios[2][rounds / 2]);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The three APIs that take a file in a multipart form, each with its fields before the file and
     * in the order of the API's own example (the file first), against a direct PUT of the same
     * file; curl from a PDF file in the page cache, every version's SHA-256 checked.
     */
    static void forms(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        Path file = Files.createTempFile("dossier-bench-form", ".pdf");
        try (Stack stack = Stack.start(jar, size, serviceHeap, "forms")) {
            String expected = writePdf(file, size);
            String base = stack.service().baseUrl();
            String[] registered = curl(List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY, "-H",
                    "Content-Type: application/json", "--data", "{\"id\":1,\"name\":\"Bench Patient\"}"),
                    base + "/v1/patients");
            if (!registered[0].equals("201")) {
                throw new IllegalStateException("could not register the patient: " + String.join(" ", registered));
            }
            System.out.printf("forms: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, curl from a file%n", sizeMib,
                    rounds, serviceHeap, stack.s3().endpoint());
            String part = "file=@" + file + ";type=application/pdf";
            String[] names = {"native, fields first", "native, file first", "project, fields first",
                    "project, file first", "patient, filename first", "patient, file first", "direct PUT"};
            String native_ = base + "/v1/documents";
            String project = base + "/api/v2/clients/1/dms/projects/1/documents";
            String patient = base + "/patients/1/pdf";
            double[][] rates = new double[names.length][rounds];
            long warmUpEnd = warmUpEnd(); // round 0 is repeated until then, as in the upload harness
            for (int round = 0, sent = 0; round <= rounds; round++, sent++) {
                List<String> key = List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY);
                List<List<String>> forms = List.of(
                        List.of("-F", "name=n" + sent, "-F", part), List.of("-F", part, "-F", "name=n" + sent),
                        List.of("-F", "name=p" + sent, "-F", part), List.of("-F", part, "-F", "name=p" + sent),
                        List.of("-F", "filename=r" + sent + ".pdf", "-F", part),
                        List.of("-F", part, "-F", "filename=r" + sent + ".pdf"));
                String[] targets = {native_, native_, project, project, patient, patient};
                double[] r = new double[names.length];
                for (int i = 0; i < forms.size(); i++) {
                    List<String> options = new ArrayList<>(key);
                    options.addAll(forms.get(i));
                    String[] answer = curl(options, targets[i]);
                    String body = answer[2];
                    if (i >= 4) {
                        String id = body.replaceAll("(?s).*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
                        body = curl(List.of("-H", "X-API-Key: " + API_KEY), base + "/v1/documents/" + id)[2];
                    }
                    if (!answer[0].startsWith("20") || !body.toLowerCase(Locale.ROOT).contains(expected)) {
                        throw new IllegalStateException(names[i] + " failed or wrong digest: " + answer[0] + " " + body);
                    }
                    r[i] = size / MIB / Double.parseDouble(answer[1]);
                }
                String[] put = curlUpload(file, stack.presignedPut("bench/direct-form-" + sent), List.of());
                if (!put[0].equals("200")) {
                    throw new IllegalStateException("direct PUT failed: " + String.join(" ", put));
                }
                r[names.length - 1] = size / MIB / Double.parseDouble(put[1]);
                StringBuilder line = new StringBuilder(round == 0 ? "  warm-up:" : "  round " + round + ":");
                for (int i = 0; i < names.length - 1; i++) {
                    line.append(String.format(Locale.ROOT, " %.2f", r[i] / r[names.length - 1]));
                }
                System.out.println(line + String.format(Locale.ROOT, "   (ratios to the direct PUT of %.1f MiB/s)%s",
                        r[names.length - 1], round == 0 ? ", not counted" : ""));
                if (round > 0) {
                    for (int i = 0; i < names.length; i++) {
                        rates[i][round - 1] = i == names.length - 1 ? r[i] : r[i] / r[names.length - 1];
                    }
                } else if (System.nanoTime() < warmUpEnd) {
                    round = -1;
                }
            }
            for (int i = 0; i < names.length; i++) {
                Arrays.sort(rates[i]);
                System.out.printf(Locale.ROOT, "forms: median %-24s %s%n", names[i], i == names.length - 1
                        ? String.format(Locale.ROOT, "%.1f MiB/s", rates[i][rounds / 2])
                        : String.format(Locale.ROOT, "%.2f of a direct PUT (target >= 0.80)", rates[i][rounds / 2]));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Direct uploads: the native upload credentials for a new version, the presigned form posted
     * straight to the store by curl (its fields, then a PDF from a file in the page cache), and
     * then {@code POST /v1/uploads/{id}/complete}, which checks and hashes what landed and makes
     * the version. Prints each round's post and completion time and their ratio (target: the
     * completion at most 0.40 of the post); every version's SHA-256 is checked against the file.
     */
    static void complete(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        Path file = Files.createTempFile("dossier-bench-direct", ".pdf");
        // S3Proxy holds a posted form in memory, about three times over: a heap of 1 GiB takes one
        // form of 256 MiB and then fails the next with a 500.
        String storeHeap = Math.max(1, 4 * size / (1L << 30) + 1) + "g";
        try (Stack stack = Stack.start(jar, size, serviceHeap, "complete", storeHeap)) {
            String expected = writePdf(file, size);
            String base = stack.service().baseUrl();
            System.out.printf("complete: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, curl from a file%n",
                    sizeMib, rounds, serviceHeap, stack.s3().endpoint());
            double[] posts = new double[rounds];
            double[] completions = new double[rounds];
            double[] ratios = new double[rounds];
            Pattern field = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"");
            long warmUpEnd = warmUpEnd(); // round 0 is repeated until then, as in the upload harness
            for (int round = 0; round <= rounds; round++) {
                String[] issued = curl(List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY, "-H",
                        "Content-Type: application/json", "--data",
                        "{\"fileName\":\"bench.pdf\",\"contentType\":\"application/pdf\"}"),
                        base + "/v1/documents/" + stack.documentId() + "/uploads");
                Matcher url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"").matcher(issued[2]);
                Matcher upload = Pattern.compile("\"uploadId\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(issued[2]);
                Matcher fields = Pattern.compile("\"fields\"\\s*:\\s*\\{([^}]*)}").matcher(issued[2]);
                if (!issued[0].equals("201") || !url.find() || !upload.find() || !fields.find()) {
                    throw new IllegalStateException("no upload credentials: " + String.join(" ", issued));
                }
                List<String> form = new ArrayList<>();
                for (Matcher f = field.matcher(fields.group(1)); f.find(); ) {
                    form.addAll(List.of("--form-string", f.group(1) + "=" + f.group(2)));
                }
                form.addAll(List.of("-F", "file=@" + file + ";type=application/pdf"));
                String[] posted = curl(form, url.group(1));
                if (!posted[0].startsWith("20")) {
                    throw new IllegalStateException("the form post failed: " + String.join(" ", posted));
                }
                String[] completed = curl(List.of("-X", "POST", "-H", "X-API-Key: " + API_KEY),
                        base + "/v1/uploads/" + upload.group(1) + "/complete");
                check(completed, "200", expected, "completion");
                double post = Double.parseDouble(posted[1]);
                double completion = Double.parseDouble(completed[1]);
                System.out.printf(Locale.ROOT, "  %s post %.3f s (%.1f MiB/s), completion %.3f s: %.2f of the post%s%n",
                        round == 0 ? "warm-up:" : "round " + round + ":", post, size / MIB / post, completion,
                        completion / post, round == 0 ? " (not counted)" : "");
                if (round == 0) {
                    if (System.nanoTime() < warmUpEnd) {
                        round = -1;
                    }
                    continue;
                }
                posts[round - 1] = post;
                completions[round - 1] = completion;
                ratios[round - 1] = completion / post;
            }
            Arrays.sort(posts);
            Arrays.sort(completions);
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "complete: median post %.3f s, completion %.3f s; completion / post %.2f "
                    + "(target <= 0.40); every SHA-256 matched%n", posts[rounds / 2], completions[rounds / 2],
                    ratios[rounds / 2]);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A file of this size that starts as a PDF does; answers its SHA-256 (hex, lower case). */
    private static String writePdf(Path file, long size) throws Exception {
        try (java.io.OutputStream out = Files.newOutputStream(file);
             java.io.InputStream in = new GeneratedStream(size - 9, 43)) {
            out.write("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            in.transferTo(out);
        }
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** The answer, once it has the status and names the digest. */
    private static String[] check(String[] answer, String status, String expectedDigest, String what) {
        if (!answer[0].equals(status) || !answer[2].contains(expectedDigest)) {
            throw new IllegalStateException(what + " failed or wrong digest: " + String.join(" ", answer));
        }
        return answer;
    }

    /**
     * An uninterrupted tus upload (creation, then one PATCH of the whole file, which ends with the
     * version made and checked) against a PUT of the same file straight to the store, both by
     * curl from a file in the page cache; median of the rounds.
     */
    static void tus(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        String expected = GeneratedStream.sha256(size, 42);
        Path file = Files.createTempFile("dossier-bench-tus", ".bin");
        HttpClient http = HttpClient.newHttpClient();
        try (Stack stack = Stack.start(jar, size, serviceHeap, "tus")) {
            try (java.io.InputStream in = new GeneratedStream(size, 42)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.printf("tus: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, curl from a file%n", sizeMib,
                    rounds, serviceHeap, stack.s3().endpoint());
            String base = stack.service().baseUrl();
            double[] dossier = new double[rounds];
            double[] direct = new double[rounds];
            double[] multipart = new double[rounds];
            double[] ratios = new double[rounds];
            double[] multipartRatios = new double[rounds];
            io.dossier.adapter.storage.MinioContentStore store = new io.dossier.adapter.storage.MinioContentStore(
                    io.dossier.adapter.storage.MinioContentStore.Config.builder().endpoint(stack.s3().endpoint())
                            .credentials(stack.s3().accessKey(), stack.s3().secretKey())
                            .repository("dossier", "dossier").defaultRepository("dossier").build());
            for (int round = 0; round <= rounds; round++) {
                double m = size / MIB / storeMultipart(store, file, size, "bench/multipart-" + round);
                long t0 = System.nanoTime();
                HttpResponse<Void> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tus"))
                        .header("X-API-Key", API_KEY).header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(size))
                        .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString(
                                "bench.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                double createSeconds = (System.nanoTime() - t0) / 1e9;
                String location = created.headers().firstValue("Location").orElseThrow(() ->
                        new IllegalStateException("tus creation failed: " + created.statusCode()));
                String[] patch = curlUpload(file, location, List.of("-X", "PATCH", "-H", "X-API-Key: " + API_KEY,
                        "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
                        "-H", "Content-Type: application/offset+octet-stream"));
                if (!patch[0].equals("204")) {
                    throw new IllegalStateException("tus PATCH failed: " + String.join(" ", patch));
                }
                String id = location.substring(location.lastIndexOf('/') + 1);
                HttpResponse<String> ticket = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads/" + id))
                        .header("X-API-Key", API_KEY).build(), HttpResponse.BodyHandlers.ofString());
                String documentId = ticket.body().replaceAll(".*\"documentId\":\"([^\"]+)\".*", "$1");
                HttpResponse<String> versions = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/"
                        + documentId + "/versions")).header("X-API-Key", API_KEY).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!versions.body().contains(expected)) {
                    throw new IllegalStateException("the tus upload's version lacks the digest: " + versions.body());
                }
                String[] put = curlUpload(file, stack.presignedPut("bench/direct-tus-" + round), List.of());
                if (!put[0].equals("200")) {
                    throw new IllegalStateException("direct PUT failed: " + String.join(" ", put));
                }
                double d = size / MIB / (createSeconds + Double.parseDouble(patch[1]));
                double s3 = size / MIB / Double.parseDouble(put[1]);
                if (round == 0) {
                    System.out.printf("  warm-up: tus %7.1f MiB/s   direct PUT %7.1f MiB/s   store multipart %7.1f MiB/s"
                            + " (not counted)%n", d, s3, m);
                    continue;
                }
                dossier[round - 1] = d;
                direct[round - 1] = s3;
                multipart[round - 1] = m;
                ratios[round - 1] = d / s3;
                multipartRatios[round - 1] = d / m;
                System.out.printf("  round %d: tus %7.1f MiB/s   direct PUT %7.1f MiB/s   store multipart %7.1f MiB/s"
                        + "   tus/PUT %.2f   tus/multipart %.2f%n", round, d, s3, m, d / s3, d / m);
            }
            store.close();
            java.util.Arrays.sort(dossier);
            java.util.Arrays.sort(direct);
            java.util.Arrays.sort(multipart);
            java.util.Arrays.sort(ratios);
            java.util.Arrays.sort(multipartRatios);
            System.out.printf("tus: median tus %.1f MiB/s, direct PUT %.1f MiB/s, the store's own multipart upload %.1f"
                    + " MiB/s; median tus/PUT %.2f (target >= 0.70), median tus/multipart %.2f; every version had the"
                    + " file's SHA-256%n", dossier[rounds / 2], direct[rounds / 2], multipart[rounds / 2],
                    ratios[rounds / 2], multipartRatios[rounds / 2]);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The same file as the store's own multipart upload, in parts of the size Dossier uses, read
     * from the file and sent by the storage adapter's client, then completed: what a tus upload
     * costs the store, without Dossier. Answers the seconds it took.
     */
    private static double storeMultipart(io.dossier.adapter.storage.MinioContentStore store, Path file, long size,
                                         String key) throws Exception {
        long part = 16L * 1024 * 1024;
        io.dossier.domain.StorageKey target = new io.dossier.domain.StorageKey("dossier", key);
        long t0 = System.nanoTime();
        String upload = store.startMultipart(target, "application/octet-stream");
        List<io.dossier.application.port.out.ContentStore.StoredPart> parts = new ArrayList<>();
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int number = 1; (number - 1) * part < size; number++) {
                long length = Math.min(part, size - (number - 1) * part);
                java.io.InputStream slice = new java.io.FilterInputStream(in) {
                    private long left = length;

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        if (left == 0) {
                            return -1;
                        }
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                        }
                        return n;
                    }

                    @Override
                    public int read() throws java.io.IOException {
                        if (left == 0) {
                            return -1;
                        }
                        left--;
                        return super.read();
                    }

                    @Override
                    public void close() {
                    }
                };
                parts.add(new io.dossier.application.port.out.ContentStore.StoredPart(number,
                        store.putPart(target, upload, number, slice, length)));
            }
        }
        store.completeMultipart(target, upload, parts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        store.delete(target);
        return seconds;
    }

    /** curl sending a file: its status, its time in seconds, and the answer's body. */
    private static String[] curlUpload(Path file, String url, List<String> options) throws Exception {
        List<String> all = new ArrayList<>(List.of("--upload-file", file.toString()));
        all.addAll(options);
        return curl(all, url);
    }

    /** curl with these options: its status, its time in seconds, and the answer's body. */
    private static String[] curl(List<String> options, String url) throws Exception {
        Path body = Files.createTempFile("dossier-bench-answer", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", body.toString(), "-w",
                    "%{http_code} %{time_total}"));
            command.addAll(options);
            command.add(url);
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            curl.waitFor();
            String[] parts = out.split(" ");
            return new String[] {parts[0], parts.length > 1 ? parts[1] : "0", Files.readString(body)};
        } finally {
            Files.deleteIfExists(body);
        }
    }

    /**
     * Downloads of one document's content through the service (whole, a 64 MiB range, the
     * version's content) against GETs of the same bytes straight from the store; each a median
     * of the rounds, in MiB/s, and their ratio.
     */
    static void download(Path jar, int sizeMib, int rounds, String serviceHeap) throws Exception {
        long size = sizeMib * 1024L * 1024L;
        try (Stack stack = Stack.start(jar, size, serviceHeap, "download")) {
            System.out.printf("download: %d MiB x %d rounds, service -Xmx%s, S3Proxy at %s, JVM %s%n", sizeMib,
                    rounds, serviceHeap, stack.s3().endpoint(), Runtime.version());
            if (stack.upload(size).statusCode() != 200 || stack.putDirect("bench/direct", size).statusCode() != 200) {
                throw new IllegalStateException("could not store the content to download");
            }
            String base = stack.service().baseUrl() + "/v1/documents/" + stack.documentId();
            long range = Math.min(size, 64L * 1024 * 1024);
            String rangeHeader = "bytes=" + (size - range) + "-" + (size - 1);
            String[][] paths = {
                    {"whole content", base + "/content", null, stack.presignedGet("bench/direct"), null},
                    {"64 MiB range", base + "/content", rangeHeader, stack.presignedGet("bench/direct"), rangeHeader},
                    {"version 1 content", base + "/versions/1/content", null, stack.presignedGet("bench/direct"), null}};
            // A GET of 256 MiB takes a third of a second: one is far too little for the JIT, whose
            // compiler threads otherwise take a share of the two cores during the first rounds. Every
            // path is fetched over and over for this long first (-Ddossier.bench.warmup=seconds).
            long warmUpEnd = warmUpEnd();
            int warmUps = 0;
            while (System.nanoTime() < warmUpEnd) {
                String[] path = paths[warmUps++ % paths.length];
                get(path[1], path[2], true, path[2] == null ? size : range);
            }
            System.out.printf("  warm-up: %d downloads through the service, not counted%n", warmUps);
            for (String[] path : paths) {
                long expected = path[2] == null ? size : range;
                double[] dossier = new double[rounds];
                double[] direct = new double[rounds];
                get(path[1], path[2], true, expected); // warm-up, not counted
                get(path[3], path[4], false, expected);
                java.time.Duration[] cpuDossier = {java.time.Duration.ZERO, java.time.Duration.ZERO};
                java.time.Duration[] cpuDirect = {java.time.Duration.ZERO, java.time.Duration.ZERO};
                for (int round = 0; round < rounds; round++) {
                    java.time.Duration[] t0 = cpu(stack);
                    dossier[round] = get(path[1], path[2], true, expected);
                    java.time.Duration[] t1 = cpu(stack);
                    direct[round] = get(path[3], path[4], false, expected);
                    java.time.Duration[] t2 = cpu(stack);
                    for (int i = 0; i < 2; i++) {
                        cpuDossier[i] = cpuDossier[i].plus(t1[i].minus(t0[i]));
                        cpuDirect[i] = cpuDirect[i].plus(t2[i].minus(t1[i]));
                    }
                }
                java.util.Arrays.sort(dossier);
                java.util.Arrays.sort(direct);
                double d = dossier[rounds / 2];
                double s3 = direct[rounds / 2];
                double gib = rounds * (double) expected / (1L << 30);
                System.out.printf("  %-18s dossier %7.1f MiB/s   store %7.1f MiB/s   ratio %.2f (median of %d; target >= 0.85)"
                                + "   CPU s per GiB: service %.2f + store %.2f through dossier, store %.2f direct%n",
                        path[0], d, s3, d / s3, rounds, cpuDossier[0].toMillis() / 1e3 / gib,
                        cpuDossier[1].toMillis() / 1e3 / gib, cpuDirect[1].toMillis() / 1e3 / gib);
            }
            // Ten clients at once, each the whole content; the service's resident memory sampled meanwhile.
            int clients = 10;
            ExecutorService downloads = Executors.newFixedThreadPool(clients);
            List<java.util.concurrent.Future<Double>> running = new ArrayList<>();
            long before = stack.service().residentBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                running.add(downloads.submit(() -> get(base + "/content", null, true, size)));
            }
            long peak = before;
            while (running.stream().anyMatch(f -> !f.isDone())) {
                peak = Math.max(peak, stack.service().residentBytes());
                Thread.sleep(50);
            }
            for (java.util.concurrent.Future<Double> f : running) {
                f.get();
            }
            downloads.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %d concurrent whole downloads: %.1f MiB/s together; service resident memory %d MB"
                            + " before, %d MB at most (target < 512 MB)%n", clients, clients * size / MIB / seconds,
                    before / 1_000_000, peak / 1_000_000);
            slowReaders(stack, base + "/content", size);
        }
    }

    /**
     * Clients that read slowly: 50 downloads of the whole content by curl limited to 256 KiB/s
     * each, held for 20 s, while one client downloads at full speed. Prints the service's threads
     * and resident memory before and at most meanwhile, and the fast client's rate against the
     * same download alone: a slow reader should pin neither a thread of its own nor memory.
     */
    private static void slowReaders(Stack stack, String url, long size) throws Exception {
        int slow = 50;
        double alone = get(url, null, true, size);
        long threadsBefore = stack.service().threads();
        long rssBefore = stack.service().residentBytes();
        List<Process> readers = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            readers.add(new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--limit-rate", "256K",
                    "-H", "X-API-Key: " + API_KEY, url).redirectErrorStream(true).start());
        }
        long threadsPeak = threadsBefore;
        long rssPeak = rssBefore;
        double fast;
        try {
            long end = System.nanoTime() + 20_000_000_000L;
            Thread.sleep(3000); // every slow download under way, its buffers filled
            fast = get(url, null, true, size);
            while (System.nanoTime() < end) {
                threadsPeak = Math.max(threadsPeak, stack.service().threads());
                rssPeak = Math.max(rssPeak, stack.service().residentBytes());
                Thread.sleep(200);
            }
            for (Process reader : readers) {
                if (!reader.isAlive()) {
                    throw new IllegalStateException("a slow download ended early: exit " + reader.exitValue());
                }
            }
        } finally {
            readers.forEach(Process::destroy);
        }
        System.out.printf(Locale.ROOT, "  %d slow readers (256 KiB/s each, 20 s): service threads %d before, %d at most;"
                        + " resident memory %d MB before, %d MB at most; a full-speed download meanwhile %.1f MiB/s"
                        + " (%.1f alone)%n", slow, threadsBefore, threadsPeak, rssBefore / 1_000_000,
                rssPeak / 1_000_000, fast, alone);
    }

    /** When a warm-up that starts now ends: -Ddossier.bench.warmup=seconds, 30 by default. */
    private static long warmUpEnd() {
        return System.nanoTime() + Long.getLong("dossier.bench.warmup", 30) * 1_000_000_000L;
    }

    /** CPU time so far of the service and of the S3Proxy process. */
    private static java.time.Duration[] cpu(Stack stack) {
        java.time.Duration store = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("s3proxy")).orElse(false))
                .map(p -> p.info().totalCpuDuration().orElse(java.time.Duration.ZERO))
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
        return new java.time.Duration[] {stack.service().cpu()[0], store};
    }

    /**
     * One GET read to its end by curl (a client fast enough not to be what is measured; Java's
     * own HTTP client tops out near the store's speed); its rate in MiB/s as curl measured it.
     */
    private static double get(String url, String range, boolean dossier, long expected) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w",
                "%{http_code} %{size_download} %{time_total}"));
        if (dossier) {
            command.addAll(List.of("-H", "X-API-Key: " + API_KEY));
        }
        if (range != null) {
            command.addAll(List.of("-H", "Range: " + range));
        }
        command.add(url);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        curl.waitFor();
        String[] parts = out.split(" ");
        if (parts.length != 3 || parts[0].charAt(0) != '2' || Long.parseLong(parts[1]) != expected) {
            throw new IllegalStateException("GET " + url + ": " + out + " (expected " + expected + " bytes)");
        }
        return expected / MIB / Double.parseDouble(parts[2]);
    }

    /**
     * {@code POST /document} (presigned upload credentials) from N concurrent clients. The service's
     * JIT needs about two minutes of this load before its rate settles (its compilations fall from
     * hundreds a second to a few after 90 to 120 s), hence the long warm-up.
     */
    static void credentials(Path jar, int clients, int seconds, int warmUp) throws Exception {
        String body = "{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}";
        underLoad(jar, clients, seconds, warmUp, "credentials", base -> List.of(new Load("credentials",
                HttpRequest.newBuilder(URI.create(base + "/document"))
                        .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                body, "target >= 3000/s, p99 < 20 ms")));
    }

    /**
     * Metadata reads from N concurrent clients: one document ({@code GET /v1/documents/{id}}, a
     * document of 5 versions and 3 tags) and a list of 50 ({@code GET /v1/documents?limit=50}),
     * each measured on its own after a common warm-up; then the one document again while another
     * client changes one of its tags 20 times a second and reads it back after each change (so
     * that the reads miss the service's cache now and then, and a stale answer would show).
     */
    static void reads(Path jar, int clients, int seconds, int warmUp) throws Exception {
        underLoad(jar, clients, seconds, warmUp, "reads", base -> {
            HttpClient http = HttpClient.newHttpClient();
            String id = null;
            for (int i = 0; i < 60; i++) {
                id = createDocument(http, base);
            }
            for (int v = 0; v < 4; v++) {
                send(http, HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id + "/content"))
                        .header("X-API-Key", API_KEY).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("version " + v)).build());
            }
            for (String tag : List.of("status", "owner:resistant", "review")) {
                send(http, HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id + "/tags/" + tag))
                        .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":1}")).build());
            }
            HttpRequest one = HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id))
                    .header("X-API-Key", API_KEY).GET().build();
            String changed = id;
            return List.of(
                    new Load("one document", one, "target >= 4000/s, p99 < 15 ms"),
                    new Load("list of 50", HttpRequest.newBuilder(URI.create(base + "/v1/documents?limit=50"))
                            .header("X-API-Key", API_KEY).GET().build(), "target >= 4000/s, p99 < 15 ms"),
                    new Load("one document, its tag changed 20 times a second", one, null,
                            "target >= 4000/s, p99 < 15 ms", () -> new TagChanger(http, base, changed)));
        });
    }

    /** One kind of request to measure, the target it is held to, and what else runs meanwhile. */
    private record Load(String what, HttpRequest request, String body, String target,
                        java.util.function.Supplier<TagChanger> meanwhile) {
        Load(String what, HttpRequest request, String target) {
            this(what, request, null, target, null);
        }

        Load(String what, HttpRequest request, String body, String target) {
            this(what, request, body, target, null);
        }
    }

    /**
     * Changes a tag's state of one document every 50 ms and reads the document right after each
     * change: a read that does not show the state just written is counted as stale.
     */
    private static final class TagChanger implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        private int changes;
        private int stale;

        TagChanger(HttpClient http, String base, String id) {
            thread = new Thread(() -> {
                HttpRequest read = HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id))
                        .header("X-API-Key", API_KEY).GET().build();
                for (int state = 2; !stop; state++) {
                    try {
                        send(http, HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id + "/tags/review"))
                                .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":" + state + "}")).build());
                        changes++;
                        String body = http.send(read, HttpResponse.BodyHandlers.ofString()).body();
                        if (!body.matches("(?s).*\"name\":\"review\",\"state\":" + state + "\\b.*")) {
                            stale++;
                        }
                        Thread.sleep(50);
                    } catch (Exception e) {
                        throw new IllegalStateException("changing the tag failed", e);
                    }
                }
            }, "tag-changer");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
            System.out.printf("  meanwhile: %d tag changes, %d reads right after a change that did not show it%n",
                    changes, stale);
        }
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + answer.statusCode() + " "
                    + answer.body());
        }
    }

    private interface Setup {
        List<Load> loads(String base) throws Exception;
    }

    /** Starts the service on its embedded defaults, warms it up under all loads, then measures each. */
    private static void underLoad(Path jar, int clients, int seconds, int warmUp, String name, Setup setup)
            throws Exception {
        Path work = Files.createTempDirectory("dossier-bench-" + name);
        Map<String, String> env = Map.of("DOSSIER_API_KEYS", "bench:" + API_KEY);
        try (ServiceProcess service = ServiceProcess.start(jar, work.resolve("data"), freePort(), null, env,
                work.resolve("service.log"))) {
            System.out.printf("%s: %d clients, %d s each (after %d s warm-up), embedded defaults, JVM %s%n",
                    name, clients, seconds, warmUp, Runtime.version());
            List<Load> loads = setup.loads(service.baseUrl());
            for (Load load : loads) {
                run(load, clients, warmUp / loads.size(), false);
            }
            for (Load load : loads) {
                java.time.Duration[] before = service.cpu();
                TagChanger meanwhile = load.meanwhile() == null ? null : load.meanwhile().get();
                try {
                    run(load, clients, seconds, true);
                } finally {
                    if (meanwhile != null) {
                        meanwhile.close();
                    }
                }
                java.time.Duration[] after = service.cpu();
                System.out.printf("%s: CPU while measured (100 %% = one core of %d): service JVM %.0f %%,"
                                + " PostgreSQL %.0f %%, this load generator %.0f %%%n", load.what(),
                        Runtime.getRuntime().availableProcessors(),
                        after[0].minus(before[0]).toMillis() / (seconds * 10.0),
                        after[1].minus(before[1]).toMillis() / (seconds * 10.0),
                        after[2].minus(before[2]).toMillis() / (seconds * 10.0));
            }
        } finally {
            deleteTree(work);
        }
    }

    /** wrk, where it is installed (Debian: {@code apt-get install wrk}): far lighter than a Java client. */
    private static final Optional<Path> WRK = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "wrk")).filter(Files::isExecutable).findFirst();

    private static void run(Load load, int clients, int seconds, boolean report) throws Exception {
        if (WRK.isPresent()) {
            wrk(load, clients, seconds, report);
            return;
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
                    int status = http.send(load.request(), HttpResponse.BodyHandlers.discarding()).statusCode();
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
        System.out.printf("%s: %d requests in %.1f s = %.0f/s, failures %d; latency p50 %.1f ms, p95 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms (%s)%n", load.what(), sorted.length, elapsed,
                sorted.length / elapsed, failures, pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, load.target());
    }

    /** The same load through wrk: two threads (the machine's cores), a connection per client. */
    private static void wrk(Load load, int clients, int seconds, boolean report) throws Exception {
        HttpRequest r = load.request();
        StringBuilder script = new StringBuilder("wrk.method = \"" + r.method() + "\"\n");
        r.headers().map().forEach((name, values) -> script.append("wrk.headers[\"").append(name).append("\"] = [[")
                .append(values.get(0)).append("]]\n"));
        if (load.body() != null) {
            script.append("wrk.body = [[").append(load.body()).append("]]\n");
        }
        Path lua = Files.createTempFile("dossier-bench", ".lua");
        Files.writeString(lua, script);
        Process wrk = new ProcessBuilder(WRK.get().toString(), "-t2", "-c" + clients, "-d" + seconds + "s", "--latency",
                "-s", lua.toString(), r.uri().toString()).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        wrk.waitFor();
        Files.delete(lua);
        if (!report) {
            return;
        }
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher p50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        Matcher failed = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (!rate.find() || !p50.find() || !p99.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        System.out.printf("%s (wrk): %.0f/s, non-2xx %s; latency p50 %.1f ms, p99 %.1f ms (%s)%n", load.what(),
                Double.parseDouble(rate.group(1)), failed.find() ? failed.group(1) : "0", millis(p50), millis(p99),
                load.target());
    }

    private static double millis(Matcher m) {
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
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
