package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.application.port.in.CompleteUploadUseCase;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.CompleteUploadUseCase.Completion;
import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.UploadTicket;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Direct uploads under {@code /v1}: the state of an upload, its explicit completion, and the
 * endpoint that takes the store's bucket notifications (MinIO webhook / S3 event JSON), so that
 * a landed upload becomes a version without the client calling back. Described in
 * {@code openapi/uploads.json}.
 */
final class UploadsApi implements Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(UploadsApi.class);
    /** A notification names one or a few objects; far less than this. */
    static final int MAX_EVENT_BYTES = 256 * 1024;
    static final int MAX_RECORDS = 100;

    @Override
    public void register(FamilyRoutes routes, EndpointContext w) {
        routes.post("/v1/documents/{id}/uploads", ctx -> issue(ctx, w));
        routes.get("/v1/uploads/{uploadId}", ctx -> ctx.json(NativeResponses.UploadJson.of(w.dossier().completeUpload()
                .upload(w.principal(ctx), ctx.pathParam("uploadId")), Optional.empty())));
        routes.post("/v1/uploads/{uploadId}/complete", ctx -> {
            Completion completion = w.dossier().completeUpload().complete(w.principal(ctx),
                    ctx.pathParam("uploadId"));
            ctx.json(NativeResponses.UploadJson.of(completion.ticket(), completion.version()));
        });
        routes.post("/v1/storage-events", ctx -> storageEvents(ctx, w));
    }



    /**
     * Credentials to post a new version's bytes straight to the store: the presigned form, and
     * the upload id to complete. The seed endpoint {@code POST /document/{id}} does the same in
     * its own shape; this one answers in the native one.
     */
    private static void issue(Context ctx, EndpointContext w) {
        Principal principal = w.principal(ctx);
        principal.require(Permission.WRITE);
        DocumentId id = Requests.documentId(ctx, "id");
        NativeBodies.UploadRequest body = Bodies.read(ctx, NativeBodies.UploadRequest.class, true,
                Requests.MAX_JSON_BYTES).orElseThrow(() -> HttpProblem.badRequest(
                        "send {\"fileName\": …, \"contentType\": …}"));
        Expectation expectation = Requests.ifMatch(ctx, () -> w.dossier().getDocument().get(principal, id));
        IssueUploadUseCase.IssuedUpload issued = w.dossier().issueUpload().issueUpload(new IssueUploadUseCase.Command(
                principal, Optional.of(id), Filing.UNFILED, body.fileName(),
                Optional.ofNullable(body.contentType()).orElse("application/octet-stream"), Optional.empty(),
                expectation, Optional.empty(), w.settings().maxUploadBytes()));
        String location = "/v1/uploads/" + issued.ticket().id();
        ctx.status(201).header("Location", location).json(new NativeResponses.IssuedUploadJson(
                NativeResponses.UploadJson.of(issued.ticket(), Optional.empty()), issued.form().url().toString(),
                issued.form().fields()));
    }

    // ---- storage events ------------------------------------------------------------------

    private static void storageEvents(Context ctx, EndpointContext w) {
        byte[] expected = w.settings().eventsToken().map(UploadsApi::digest)
                .orElseThrow(() -> HttpProblem.notFound("storage events are not enabled on this server"));
        String presented = Optional.ofNullable(ctx.header("Authorization")).map(String::trim).orElse("");
        if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = presented.substring(7).trim();
        }
        // Both sides hashed first: the comparison takes the same time whatever the token's length.
        if (presented.isEmpty() || !MessageDigest.isEqual(expected, digest(presented))) {
            throw HttpProblem.unauthorized("a storage event must carry the events token in Authorization");
        }
        JsonNode body = read(ctx, w);
        List<Event> events = events(body);
        if (events.size() > MAX_RECORDS) {
            throw new HttpProblem(413, "at most " + MAX_RECORDS + " records per notification");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("records", events.size());
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name().toLowerCase(Locale.ROOT), 0);
        }
        for (Event event : events) {
            Outcome outcome = handle(event, w.dossier().completeUpload(), w.settings().repositoryBuckets());
            counts.merge(outcome.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        ctx.json(counts);
    }

    /** What a record led to: a version, a refused or closed upload, an upload still open, or nothing of ours. */
    enum Outcome { COMPLETED, REFUSED, PENDING, IGNORED }

    private static Outcome handle(Event event, CompleteUploadUseCase uploads, Map<String, String> buckets) {
        if (!event.created()) {
            return Outcome.IGNORED;
        }
        for (String repository : repositoriesOf(event.bucket(), buckets)) {
            Optional<Completion> completion;
            try {
                completion = uploads.completeStored(new StorageKey(repository, event.key()));
            } catch (DocumentException.Unavailable e) {
                // A 503 makes the store deliver the notification again.
                throw e;
            } catch (DocumentException e) {
                // The ticket expired unused, or its document is gone: nothing more to do for this object.
                LOG.info("storage event for {}/{} not completed: {}", event.bucket(), event.key(), e.getMessage());
                return Outcome.REFUSED;
            }
            if (completion.isPresent()) {
                Completion done = completion.get();
                if (done.version().isPresent()) {
                    return Outcome.COMPLETED;
                }
                return done.ticket().state() == UploadTicket.State.FAILED ? Outcome.REFUSED : Outcome.PENDING;
            }
        }
        return Outcome.IGNORED;
    }

    private static JsonNode read(Context ctx, EndpointContext w) {
        // Read (at most the limit and one byte) rather than refused by Content-Length alone: a client
        // whose body is refused unread may see the connection reset instead of the 413.
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new HttpProblem(413, "a storage event has at most " + MAX_EVENT_BYTES + " bytes");
        }
        try {
            JsonNode node = w.json().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw HttpProblem.badRequest("a storage event is a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw HttpProblem.badRequest("a storage event is a JSON object");
        }
    }

    /** One record of a notification: what happened to which object. */
    record Event(String name, String bucket, String key) {
        boolean created() {
            String n = name.startsWith("s3:") ? name.substring(3) : name;
            return n.startsWith("ObjectCreated:");
        }
    }

    /**
     * The records of an S3 / MinIO notification. Keys in records are URL-encoded (as S3 and MinIO
     * send them). A MinIO body without records names the object in {@code Key} ("bucket/key").
     */
    static List<Event> events(JsonNode body) {
        List<Event> events = new ArrayList<>();
        JsonNode records = body.get("Records");
        if (records != null && !records.isNull()) {
            if (!records.isArray()) {
                throw HttpProblem.badRequest("Records must be an array");
            }
            for (JsonNode record : records) {
                String name = record.path("eventName").asText("");
                String bucket = record.path("s3").path("bucket").path("name").asText("");
                String key = record.path("s3").path("object").path("key").asText("");
                if (bucket.isBlank() || key.isBlank()) {
                    throw HttpProblem.badRequest("every record needs s3.bucket.name and s3.object.key");
                }
                events.add(new Event(name, bucket, decode(key)));
            }
            return events;
        }
        String name = body.path("EventName").asText("");
        String key = body.path("Key").asText("");
        int slash = key.indexOf('/');
        if (name.isBlank() || slash < 1 || slash == key.length() - 1) {
            throw HttpProblem.badRequest("send an S3 notification: {\"Records\": [...]} or MinIO's EventName and Key");
        }
        events.add(new Event(name, key.substring(0, slash), decode(key.substring(slash + 1))));
        return events;
    }

    private static String decode(String key) {
        try {
            // S3 encodes keys like form values: a space arrives as '+'.
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("an object key is not properly URL-encoded");
        }
    }

    /** The repositories kept in a bucket; a bucket no repository is mapped to is the repository of that id. */
    static Set<String> repositoriesOf(String bucket, Map<String, String> repositoryBuckets) {
        Set<String> repositories = new LinkedHashSet<>();
        repositoryBuckets.forEach((repository, b) -> {
            if (b.equals(bucket)) {
                repositories.add(repository);
            }
        });
        if (repositories.isEmpty()) {
            repositories.add(bucket);
        }
        return repositories;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
