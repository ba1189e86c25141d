package io.dossier.adapter.rest;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds multipart/form-data bodies for tests, part by part, in order. */
final class Multipart {
    private final String boundary = "----dossier" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    Multipart file(String name, String fileName, String contentType, byte[] bytes) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(bytes);
        write("\r\n");
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        write("--" + boundary + "--\r\n");
        return HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
    }

    /** The whole body, closed, as bytes (e.g. to send it chunked). */
    byte[] publisherBytes() {
        write("--" + boundary + "--\r\n");
        return body.toByteArray();
    }

    /** The body without its closing boundary: a truncated upload. */
    HttpRequest.BodyPublisher unterminated() {
        return HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
