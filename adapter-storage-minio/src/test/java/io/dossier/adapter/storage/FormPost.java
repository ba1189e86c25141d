package io.dossier.adapter.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * What a browser or the seed's axios sample does with an upload form: a {@code multipart/form-data}
 * POST of every field, then the {@code file} part last (S3 ignores fields after the file).
 */
final class FormPost {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FormPost() {
    }

    static HttpResponse<String> post(URI url, Map<String, String> fields, String fileName, String fileType, byte[] file)
            throws IOException, InterruptedException {
        String boundary = "----dossier" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\n");
            write(body, "Content-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n");
            write(body, field.getValue() + "\r\n");
        }
        write(body, "--" + boundary + "\r\n");
        write(body, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n");
        write(body, "Content-Type: " + fileType + "\r\n\r\n");
        body.write(file);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
