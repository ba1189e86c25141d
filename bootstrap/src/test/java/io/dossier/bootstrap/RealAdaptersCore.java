package io.dossier.bootstrap;

import io.dossier.adapter.persistence.JdbiPersistence;
import io.dossier.adapter.rest.TestCore;
import io.dossier.adapter.storage.MinioContentStore;
import io.dossier.application.Dossier;
import io.dossier.domain.StorageKey;
import io.dossier.embedded.S3ProxyServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The core on the real adapters: PostgreSQL (a fresh database) and S3Proxy (fresh buckets), so
 * that the REST module's HTTP tests run unchanged against them.
 */
public final class RealAdaptersCore implements TestCore {
    private MinioContentStore store;

    @Override
    public Dossier build(Clock clock) {
        JdbiPersistence persistence = JdbiPersistence.migrate(TestServers.pool(TestServers.newDatabase()));
        S3ProxyServer s3 = TestServers.s3();
        store = new MinioContentStore(MinioContentStore.Config.builder().endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey()).repository("default", TestServers.newBucket("default"))
                .repository("repo242", TestServers.newBucket("repo242")).defaultRepository("default")
                .createMissingBuckets(true).build());
        return Dossier.builder().documents(persistence.documents()).contentStore(store)
                .uploadTickets(persistence.uploadTickets()).transactions(persistence.transactions()).patients(persistence.patients())
                .renditions(persistence.renditions()).search(persistence.search()).apiKeys(persistence.apiKeys())
                .auditTrail(persistence.auditTrail())
                .idempotencyKeys(persistence.idempotencyKeys())
                .resumableUploads(persistence.resumableUploads())
                .clock(clock).build();
    }

    @Override
    public int postForm(String url, Map<String, String> fields, String contentType, byte[] file) {
        return postMultipart(url, fields, contentType, file);
    }

    @Override
    public void overwrite(String repository, String key, byte[] bytes) {
        store.put(new StorageKey(repository, key), new ByteArrayInputStream(bytes), "application/octet-stream",
                bytes.length + 1L);
    }

    @Override
    public void delete(String repository, String key) {
        store.delete(new StorageKey(repository, key));
    }

    /** POSTs the fields, then the file last (as S3 requires), as multipart/form-data. */
    static int postMultipart(String url, Map<String, String> fields, String contentType, byte[] file) {
        String boundary = "----form" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("posting the form to " + url + " failed", e);
        }
    }
}
