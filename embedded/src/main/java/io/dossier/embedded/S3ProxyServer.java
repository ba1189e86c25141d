package io.dossier.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server (S3Proxy with its filesystem backend) running as a child process on
 * the loopback interface, for embedded defaults and tests. It runs as its own process because
 * in-process it drags in almost two hundred jars and logs at debug level.
 *
 * <p>The S3Proxy jar (jar-with-dependencies) is found, in this order, at the system property
 * {@value #JAR_PROPERTY}, the environment variable {@value #JAR_ENVIRONMENT}, or as
 * {@code s3proxy.jar} beside the jar this class was loaded from or in a {@code lib} folder beside
 * it. The child's output goes to {@code s3proxy.log} in the data directory.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String JAR_PROPERTY = "dossier.s3proxy.jar";
    public static final String JAR_ENVIRONMENT = "DOSSIER_S3PROXY_JAR";
    static final String JAR_FILE_NAME = "s3proxy.jar";

    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Thread shutdownHook;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path dataDirectory;
    private final Path logFile;

    private S3ProxyServer(Process process, URI endpoint, Builder settings) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = settings.accessKey;
        this.secretKey = settings.secretKey;
        this.dataDirectory = settings.dataDirectory;
        this.logFile = logFile(settings.dataDirectory);
        // Whatever happens to the caller, the child must not outlive this JVM.
        this.shutdownHook = new Thread(() -> stop(process), "s3proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with objects under {@code dataDirectory} and the given fixed keys. */
    public static S3ProxyServer start(Path dataDirectory, String accessKey, String secretKey) {
        return builder(dataDirectory, accessKey, secretKey).start();
    }

    public static Builder builder(Path dataDirectory, String accessKey, String secretKey) {
        return new Builder(dataDirectory, accessKey, secretKey);
    }

    /** Where clients reach the server, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Where the child's standard output and error go. */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server and its descendants and waits until they are gone. */
    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing left to undo.
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint + ", data " + dataDirectory + "]";
    }

    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle descendant : descendants) {
                descendant.destroyForcibly();
                descendant.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // A descendant that does not report its exit in time was killed forcibly already.
        }
    }

    private static Path logFile(Path dataDirectory) {
        return dataDirectory.resolve("s3proxy.log");
    }

    /**
     * The S3Proxy jar: {@value #JAR_PROPERTY}, else {@value #JAR_ENVIRONMENT}, else
     * {@code s3proxy.jar} beside the running jar or in a {@code lib} folder beside it.
     *
     * @throws IllegalStateException naming every place looked at when there is none
     */
    public static Path locateJar() {
        List<String> tried = new ArrayList<>();
        String property = System.getProperty(JAR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return existing(Path.of(property), "system property " + JAR_PROPERTY);
        }
        String environment = System.getenv(JAR_ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return existing(Path.of(environment), "environment variable " + JAR_ENVIRONMENT);
        }
        tried.add("system property " + JAR_PROPERTY + " (not set)");
        tried.add("environment variable " + JAR_ENVIRONMENT + " (not set)");
        for (Path candidate : besideRunningJar()) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate.toString());
        }
        throw new IllegalStateException("No S3Proxy jar (org.gaul:s3proxy:jar-with-dependencies) found; looked at: "
                + String.join(", ", tried) + ". Set " + JAR_PROPERTY + " or " + JAR_ENVIRONMENT
                + " to its path, or put it beside the application jar as " + JAR_FILE_NAME + ".");
    }

    private static Path existing(Path jar, String source) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The S3Proxy jar named by " + source + " does not exist: " + jar);
        }
        return jar;
    }

    private static List<Path> besideRunningJar() {
        try {
            CodeSource source = S3ProxyServer.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return List.of();
            }
            Path location = Path.of(source.getLocation().toURI());
            // From a jar: its folder. From a classes directory (IDE, tests): that directory's parent.
            Path folder = location.getParent();
            if (folder == null) {
                return List.of();
            }
            return List.of(folder.resolve(JAR_FILE_NAME), folder.resolve("lib").resolve(JAR_FILE_NAME));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return List.of();
        }
    }

    /** The child died while starting, e.g. because another process took the port first. */
    private static final class ExitedEarly extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ExitedEarly(String message) {
            super(message);
        }
    }

    /** How to start a server; {@link #start()} does it. */
    public static final class Builder {
        private final Path dataDirectory;
        private final String accessKey;
        private final String secretKey;
        private Path jar;
        private Path javaExecutable;
        private String maxHeap = "1g";
        private Duration startTimeout = Duration.ofSeconds(60);
        private Path classDataArchive;
        private int port;
        private java.util.List<String> corsOrigins = java.util.List.of();

        private Builder(Path dataDirectory, String accessKey, String secretKey) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
            this.accessKey = requireText(accessKey, "accessKey");
            this.secretKey = requireText(secretKey, "secretKey");
        }

        /** The S3Proxy jar; by default {@link #locateJar()}. */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /** The {@code java} to run it with; by default the one running this JVM. */
        public Builder javaExecutable(Path javaExecutable) {
            this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
            return this;
        }

        /** The child's maximum heap as {@code -Xmx} takes it, e.g. {@code 512m}; default {@code 1g}. */
        public Builder maxHeap(String maxHeap) {
            if (!requireText(maxHeap, "maxHeap").matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("maxHeap must look like 512m or 1g: " + maxHeap);
            }
            this.maxHeap = maxHeap;
            return this;
        }

        /**
         * A class-data archive for the child JVM: written when the first child exits, used by the
         * children after it, which then start about a third faster. An archive the JVM cannot use
         * is ignored by it (the child starts as without one).
         */
        public Builder classDataArchive(Path archive) {
            this.classDataArchive = Objects.requireNonNull(archive, "archive").toAbsolutePath();
            return this;
        }

        /**
         * The port on 127.0.0.1 to listen on; by default a free one. A fixed port keeps the
         * store's address, and so presigned URLs handed out before a restart, valid across starts.
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Browser origins (scheme, host and port, exactly) allowed to post presigned forms and
         * send presigned requests to the store; none by default.
         */
        public Builder corsOrigins(java.util.List<String> origins) {
            this.corsOrigins = java.util.List.copyOf(origins);
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Starts the child and waits until it answers HTTP.
         *
         * @throws IllegalStateException when it does not come up; the message names the log file
         */
        public S3ProxyServer start() {
            Path s3proxyJar = jar != null ? existing(jar, "the builder") : locateJar();
            Path java = javaExecutable != null ? javaExecutable
                    : Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
            try {
                Files.createDirectories(dataDirectory.resolve("objects"));
                if (classDataArchive != null) {
                    Files.createDirectories(classDataArchive.getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDirectory, e);
            }
            IllegalStateException failure = null;
            // The free port is found by binding and releasing it; another process may take it
            // before the child binds it, so a failed start is retried on a fresh port.
            int attempts = port > 0 ? 1 : START_ATTEMPTS;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                int chosen = port > 0 ? port : freePort();
                URI endpoint = URI.create("http://127.0.0.1:" + chosen);
                Process process = launch(java, s3proxyJar, endpoint);
                try {
                    awaitReady(process, endpoint);
                    return new S3ProxyServer(process, endpoint, this);
                } catch (ExitedEarly e) {
                    stop(process);
                    failure = port > 0 ? new IllegalStateException("the embedded store could not listen on port "
                            + port + " (is another program using it?); see " + logFile(dataDirectory), e) : e;
                } catch (RuntimeException | Error e) {
                    stop(process);
                    throw e;
                }
            }
            throw failure;
        }

        private Process launch(Path java, Path s3proxyJar, URI endpoint) {
            Path properties = dataDirectory.resolve("s3proxy.properties");
            Properties config = new Properties();
            config.setProperty("s3proxy.endpoint", endpoint.toString());
            config.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            config.setProperty("s3proxy.identity", accessKey);
            config.setProperty("s3proxy.credential", secretKey);
            // Without it a single PUT over 128 MiB fails with MaxMessageLengthExceeded.
            config.setProperty("s3proxy.v4-max-non-chunked-request-size", "1073741824");
            if (!corsOrigins.isEmpty()) {
                config.setProperty("s3proxy.cors-allow-origins", String.join(" ", corsOrigins));
                config.setProperty("s3proxy.cors-allow-methods", "GET HEAD PUT POST");
                config.setProperty("s3proxy.cors-allow-headers", "*");
                config.setProperty("s3proxy.cors-exposed-headers", "ETag Location");
            }
            config.setProperty("jclouds.provider", "filesystem");
            config.setProperty("jclouds.filesystem.basedir", dataDirectory.resolve("objects").toString());
            try {
                writePrivately(properties, config);
                List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx" + maxHeap));
                if (classDataArchive != null) {
                    command.add(Files.isRegularFile(classDataArchive) && Files.size(classDataArchive) > 0
                            ? "-XX:SharedArchiveFile=" + classDataArchive
                            : "-XX:ArchiveClassesAtExit=" + classDataArchive);
                }
                command.addAll(List.of("-DLOG_LEVEL=info", "-jar", s3proxyJar.toString(), "--properties",
                        properties.toString()));
                return new ProcessBuilder(command)
                        .directory(dataDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dataDirectory).toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start S3Proxy with " + java, e);
            }
        }

        private void awaitReady(Process process, URI endpoint) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new ExitedEarly("S3Proxy exited with status " + process.exitValue()
                            + " while starting on " + endpoint + "; see " + logFile(dataDirectory));
                }
                try {
                    // Any status will do: anonymous requests get 403 once it is up.
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException notYet) {
                    sleep(Duration.ofMillis(25));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while S3Proxy was starting", e);
                }
            }
            throw new IllegalStateException("S3Proxy did not answer on " + endpoint + " within " + startTimeout
                    + "; see " + logFile(dataDirectory));
        }

        private static void writePrivately(Path file, Properties config) throws IOException {
            // The file holds the secret key: only the owner may read it, where the file system can say so.
            Files.deleteIfExists(file);
            Optional<java.nio.file.attribute.FileAttribute<?>> ownerOnly = Optional.empty();
            if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                ownerOnly = Optional.of(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            if (ownerOnly.isPresent()) {
                Files.createFile(file, ownerOnly.get());
            } else {
                Files.createFile(file);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                config.store(out, "written by Dossier on each start");
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback interface", e);
            }
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while S3Proxy was starting", e);
            }
        }

        private static boolean isWindows() {
            return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }
    }
}
