package io.dossier.embedded;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3ProxyServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dataDirectory() {
        return Path.of("target", "s3proxy-server-test", UUID.randomUUID().toString());
    }

    @Test
    void starts_on_loopback_answers_signed_requests_and_is_gone_after_close() throws Exception {
        Path data = dataDirectory();
        ProcessHandle child;
        try (S3ProxyServer server = S3ProxyServer.builder(data, "test-access", "test-secret-key").maxHeap("256m").start()) {
            assertEquals("127.0.0.1", server.endpoint().getHost());
            assertEquals("test-access", server.accessKey());
            assertEquals("test-secret-key", server.secretKey());
            assertTrue(server.isRunning());

            assertEquals(403, get(server.endpoint(), null).statusCode(), "anonymous requests are refused");
            assertEquals(200, get(server.endpoint(), signedV2(server.accessKey(), server.secretKey())).statusCode(),
                    "the fixed keys are accepted");
            assertEquals(403, get(server.endpoint(), signedV2(server.accessKey(), "wrong-secret")).statusCode());

            child = ProcessHandle.of(pidListening(server)).orElseThrow();
            assertTrue(Files.isRegularFile(server.logFile()));
            assertTrue(server.logFile().startsWith(data.toAbsolutePath()), "the child logs into the data directory");
        }
        assertFalse(child.isAlive(), "close waits until the process is gone");
        assertThrows(IOException.class, () -> get(URI.create("http://127.0.0.1:1"), null));
    }

    @Test
    void a_missing_jar_is_reported_clearly() {
        S3ProxyServer.Builder builder = S3ProxyServer.builder(dataDirectory(), "a", "b")
                .jar(Path.of("target", "no-such-s3proxy.jar"));
        IllegalStateException e = assertThrows(IllegalStateException.class, builder::start);
        assertTrue(e.getMessage().contains("no-such-s3proxy.jar"), e.getMessage());
    }

    @Test
    void the_jar_is_found_through_the_system_property() {
        // The build passes the copied jar this way.
        assertEquals(Path.of(System.getProperty(S3ProxyServer.JAR_PROPERTY)), S3ProxyServer.locateJar());
    }

    @Test
    void keys_are_required() {
        assertThrows(IllegalArgumentException.class, () -> S3ProxyServer.builder(dataDirectory(), "", "b"));
        assertThrows(IllegalArgumentException.class, () -> S3ProxyServer.builder(dataDirectory(), "a", "b").maxHeap("lots"));
    }

    private static long pidListening(S3ProxyServer server) {
        // The server's process is this JVM's only java child running the S3Proxy jar on that port's data directory.
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(
                        server.dataDirectory().resolve("s3proxy.properties").toString())).orElse(false))
                .findFirst().orElseThrow().pid();
    }

    private static HttpResponse<String> get(URI endpoint, String[] authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/")).GET();
        if (authorization != null) {
            request.header("Date", authorization[0]).header("Authorization", authorization[1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signature version 2 "list buckets" request: enough to prove the keys are wired. */
    private static String[] signedV2(String accessKey, String secretKey) throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String toSign = "GET\n\n\n" + date + "\n/";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return new String[] {date, "AWS " + accessKey + ":" + signature};
    }
}
