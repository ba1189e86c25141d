package io.dossier.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service as a child process, the way a team runs it. */
final class ServiceProcess implements AutoCloseable {
    private final Process process;
    final int port;
    final Duration startup;

    private ServiceProcess(Process process, int port, Duration startup) {
        this.process = process;
        this.port = port;
        this.startup = startup;
    }

    static ServiceProcess start(Path jar, Path dataDir, int port, String maxHeap, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (maxHeap != null) {
            command.add("-Xmx" + maxHeap);
        }
        // e.g. -Ddossier.service.jvm="-XX:StartFlightRecording=filename=service.jfr" to profile the service
        String extra = System.getProperty("dossier.service.jvm", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DOSSIER_DATA_DIR", dataDir.toString());
        builder.environment().put("DOSSIER_PORT", Integer.toString(port));
        builder.environment().put("DOSSIER_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        long begin = System.nanoTime();
        Process process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new ServiceProcess(process, port, Duration.ofNanos(System.nanoTime() - begin));
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() - begin > TimeUnit.SECONDS.toNanos(120)) {
                process.destroyForcibly();
                throw new IllegalStateException("the service did not become healthy within 120 s; see " + log);
            }
            Thread.sleep(20);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The service's resident memory now, in bytes (from /proc; 0 where there is none). */
    long residentBytes() {
        return status("VmRSS:") * 1024;
    }

    /** The operating-system threads of the service's JVM now (from /proc; 0 where there is none). */
    long threads() {
        return status("Threads:");
    }

    /** Context switches of all the service's threads so far, voluntary or not (from /proc; 0 where there is none). */
    long contextSwitches() {
        long switches = 0;
        try (java.nio.file.DirectoryStream<Path> tasks = java.nio.file.Files.newDirectoryStream(
                Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                } catch (java.io.IOException | RuntimeException ended) {
                    // A thread that ended meanwhile.
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return switches;
    }

    private long status(String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * CPU time used so far by the service's JVM, by every PostgreSQL process on the machine (the
     * embedded one detaches from the service's process tree) and by this load generator.
     */
    Duration[] cpu() {
        Duration postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
        return new Duration[] {cpuOf(process.toHandle()), postgres, cpuOf(ProcessHandle.current())};
    }

    private static Duration cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGTERM, as an orchestrator would send, then wait. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
