package io.dossier.adapter.storage;

import io.dossier.embedded.S3ProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The S3 server the tests talk to: an external one (a real MinIO, say) when
 * {@code DOSSIER_TEST_S3_ENDPOINT}, {@code DOSSIER_TEST_S3_ACCESS_KEY} and
 * {@code DOSSIER_TEST_S3_SECRET_KEY} are set, otherwise one S3Proxy child process per test JVM
 * with its data under {@code target/}. It is stopped when the JVM exits.
 */
final class TestS3 {
    static final String DEFAULT_BUCKET = "dossier-test-default";
    static final String ARCHIVE_BUCKET = "dossier-test-archive";

    private static TestS3 instance;

    final URI endpoint;
    final String accessKey;
    final String secretKey;
    final boolean external;

    private TestS3(URI endpoint, String accessKey, String secretKey, boolean external) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.external = external;
    }

    static synchronized TestS3 get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestS3 start() {
        String endpoint = System.getenv("DOSSIER_TEST_S3_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            return new TestS3(URI.create(endpoint), System.getenv("DOSSIER_TEST_S3_ACCESS_KEY"),
                    System.getenv("DOSSIER_TEST_S3_SECRET_KEY"), true);
        }
        Path data = Path.of(System.getProperty("dossier.test.s3.dir", "target/s3proxy-test/default"));
        deleteRecursively(data);
        S3ProxyServer server = S3ProxyServer.start(data, "dossier-test", "dossier-test-secret");
        return new TestS3(server.endpoint(), server.accessKey(), server.secretKey(), false);
    }

    /** A store with two repositories, "default" and "archive", whose buckets exist. */
    static MinioContentStore.Config.Builder config() {
        TestS3 s3 = get();
        return MinioContentStore.Config.builder()
                .endpoint(s3.endpoint)
                .credentials(s3.accessKey, s3.secretKey)
                .repository("default", DEFAULT_BUCKET)
                .repository("archive", ARCHIVE_BUCKET)
                .createMissingBuckets(true);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + directory, e);
        }
    }
}
