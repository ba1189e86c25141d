package io.dossier.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service as a process of its own, started from the test class path, for tests that stop or kill it. */
final class ServiceProcesses {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceProcesses() {
    }

    /**
     * Starts {@code Main} with a 256 MiB heap, these JVM options and exactly these DOSSIER_
     * variables, its output in {@code log}, and waits until {@code /health} on {@code port} says 200.
     */
    static Process start(List<String> jvmOptions, Map<String, String> env, Path log, int port) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOSSIER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the service exited: " + read(log));
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not become healthy: " + read(log));
    }

    /**
     * Starts the service on its embedded defaults, data in {@code data/data} and output in
     * {@code data/service.log}, on {@code port} of 127.0.0.1, with these DOSSIER_ variables besides.
     */
    static Process startEmbedded(Path data, int port, Map<String, String> env) throws Exception {
        return startEmbedded(data, port, env, List.of());
    }

    /** As {@link #startEmbedded(Path, int, Map)}, with these JVM options after the default heap (a later -Xmx wins). */
    static Process startEmbedded(Path data, int port, Map<String, String> env, List<String> jvmOptions)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("DOSSIER_DATA_DIR", data.resolve("data").toString());
        all.put("DOSSIER_PORT", Integer.toString(port));
        all.put("DOSSIER_HOST", "127.0.0.1");
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("-Ddossier.s3proxy.jar=" + System.getProperty("dossier.s3proxy.jar"),
                "-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir", System.getProperty("java.io.tmpdir")
                        + "/embedded-pg")));
        return start(options, all, data.resolve("service.log"), port);
    }

    /** Runs a command to its end within {@code seconds}, its output in {@code log}; it must exit 0. */
    static void run(List<String> command, Path log, int seconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end: " + read(log));
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, process.exitValue(), String.join(" ", command) + ": "
                + read(log));
    }

    /** What a command printed (standard output and error together) and how it exited. */
    record Outcome(int exitCode, String output) {
    }

    /**
     * Runs {@code java -jar dossier.jar <args>} (Main on this class path, 256 MiB heap) on the
     * embedded defaults in {@code data/data}, with these DOSSIER_ variables besides, and waits.
     */
    static Outcome command(Path data, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-Ddossier.s3proxy.jar=" + System.getProperty("dossier.s3proxy.jar"),
                "-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir", System.getProperty("java.io.tmpdir")
                        + "/embedded-pg"), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(data, "command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOSSIER_"));
        builder.environment().putAll(env);
        builder.environment().put("DOSSIER_DATA_DIR", data.resolve("data").toString());
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dossier " + String.join(" ", args) + " did not end: " + read(output));
        }
        return new Outcome(process.exitValue(), read(output));
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The one file of the embedded store (under the service's data folder) that holds exactly these bytes. */
    static Path storedFile(Path root, String content) throws Exception {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root.resolve("data").resolve("objects"))) {
            List<Path> matching = files.filter(java.nio.file.Files::isRegularFile).filter(file -> {
                try {
                    return java.nio.file.Files.size(file) == content.length() && java.nio.file.Files.readString(file,
                            java.nio.charset.StandardCharsets.ISO_8859_1).equals(content);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toList();
            org.junit.jupiter.api.Assertions.assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }
}
