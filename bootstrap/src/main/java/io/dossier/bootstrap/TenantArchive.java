package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dossier.application.port.in.TransferTenantUseCase;
import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Patient;
import io.dossier.domain.PublicToken;
import io.dossier.domain.Tag;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A tenant's export as a folder: {@code documents.jsonl} (one document per line, with every
 * version, tag and public token), {@code patients.jsonl}, {@code objects/xx/<sha256>} (each
 * version's bytes, once per digest) and {@code manifest.json}, written last, so that a folder
 * without one is an export that did not finish. Plain files, so that any backup tool can carry
 * it; the README describes its use.
 */
final class TenantArchive {
    static final String FORMAT = "dossier-tenant-export";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TenantArchive() {
    }

    /** Writes an export into {@code folder}, which must be missing or empty. */
    static final class Writer implements TransferTenantUseCase.Archive, AutoCloseable {
        private final Path folder;
        private final BufferedWriter documents;
        private final BufferedWriter patients;

        Writer(Path folder) throws IOException {
            if (Files.isDirectory(folder)) {
                try (var entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException(folder + " is not empty: export into a new folder");
                    }
                }
            }
            Files.createDirectories(folder.resolve("objects"));
            this.folder = folder;
            this.documents = Files.newBufferedWriter(folder.resolve("documents.jsonl"), StandardCharsets.UTF_8);
            this.patients = Files.newBufferedWriter(folder.resolve("patients.jsonl"), StandardCharsets.UTF_8);
        }

        @Override
        public boolean holds(ContentRef content) {
            return Files.exists(object(folder, content.sha256()));
        }

        /** Copies the bytes and checks them on the way: an export holds only what its versions recorded. */
        @Override
        public void content(ContentRef content, InputStream bytes) throws IOException {
            Path target = object(folder, content.sha256());
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            MessageDigest sha256 = sha256();
            long length;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
                length = bytes.transferTo(out);
            }
            String digest = HexFormat.of().formatHex(sha256.digest());
            if (length != content.length() || !digest.equals(content.sha256())) {
                Files.delete(partial);
                throw new IOException("the stored object " + content.key() + " is not what its version recorded ("
                        + length + " bytes, SHA-256 " + digest + "): run verify, then export again");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void document(Document.Snapshot document) throws IOException {
            documents.write(JSON.writeValueAsString(write(document)));
            documents.newLine();
        }

        @Override
        public void patient(Patient patient) throws IOException {
            ObjectNode node = JSON.createObjectNode().put("id", patient.id()).put("tenant", patient.tenant().value())
                    .put("name", patient.name());
            patients.write(JSON.writeValueAsString(node));
            patients.newLine();
        }

        /** Completes the export: the manifest says what it holds. */
        void finish(TenantId tenant, TransferTenantUseCase.Exported exported, Instant at) throws IOException {
            documents.close();
            patients.close();
            ObjectNode manifest = JSON.createObjectNode().put("format", FORMAT).put("formatVersion", FORMAT_VERSION)
                    .put("tenant", tenant.value()).put("exportedAt", at.toString())
                    .put("documents", exported.documents()).put("versions", exported.versions())
                    .put("objects", exported.objects()).put("bytes", exported.bytes())
                    .put("patients", exported.patients());
            Path partial = folder.resolve("manifest.json.partial");
            Files.writeString(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
            Files.move(partial, folder.resolve("manifest.json"), StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void close() throws IOException {
            documents.close();
            patients.close();
        }
    }

    /** Reads a finished export. */
    static final class Reader implements TransferTenantUseCase.Contents {
        private final Path folder;
        private final TenantId tenant;
        private final JsonNode manifest;

        Reader(Path folder) throws IOException {
            Path manifestFile = folder.resolve("manifest.json");
            if (!Files.isRegularFile(manifestFile)) {
                throw new IllegalArgumentException(folder + " holds no finished export (no manifest.json)");
            }
            manifest = JSON.readTree(manifestFile.toFile());
            if (!FORMAT.equals(manifest.path("format").asText())
                    || manifest.path("formatVersion").asInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException(folder + " is not a Dossier export of format version "
                        + FORMAT_VERSION);
            }
            this.folder = folder;
            this.tenant = new TenantId(manifest.path("tenant").asText());
        }

        TenantId tenant() {
            return tenant;
        }

        long documentCount() {
            return manifest.path("documents").asLong();
        }

        @Override
        public InputStream open(ContentRef content) throws IOException {
            return Files.newInputStream(object(folder, content.sha256()));
        }

        void eachDocument(Consumer<Document.Snapshot> action) throws IOException {
            eachLine("documents.jsonl", node -> action.accept(document(node)));
        }

        void eachPatient(Consumer<Patient> action) throws IOException {
            eachLine("patients.jsonl", node -> action.accept(new Patient(node.path("id").asLong(),
                    new TenantId(node.path("tenant").asText()), node.path("name").asText())));
        }

        private void eachLine(String file, Consumer<JsonNode> action) throws IOException {
            try (BufferedReader lines = Files.newBufferedReader(folder.resolve(file), StandardCharsets.UTF_8)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        action.accept(JSON.readTree(line));
                    }
                }
            }
        }
    }

    private static Path object(Path folder, String sha256) {
        return folder.resolve("objects").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode write(Document.Snapshot d) {
        ObjectNode node = JSON.createObjectNode().put("id", d.id().value().toString()).put("number", d.number())
                .put("tenant", d.tenant().value());
        ObjectNode filing = node.putObject("filing");
        if (d.filing() instanceof Filing.Patient patient) {
            filing.put("kind", "patient").put("patientId", patient.patientId());
        } else if (d.filing() instanceof Filing.Project project) {
            filing.put("kind", "project").put("clientId", project.clientId()).put("projectId", project.projectId());
        } else {
            filing.put("kind", "unfiled");
        }
        node.set("metadata", write(d.metadata()));
        node.put("visibility", d.visibility().name()).put("createdAt", d.createdAt().toString());
        node.set("createdBy", write(d.createdBy()));
        node.put("lastModifiedAt", d.lastModifiedAt().toString());
        ArrayNode versions = node.putArray("versions");
        for (Version v : d.versions()) {
            ObjectNode version = versions.addObject().put("number", v.number().value());
            ContentRef c = v.content();
            version.putObject("content").put("repositoryId", c.repositoryId()).put("key", c.key())
                    .put("length", c.length()).put("mediaType", c.mediaType()).put("fileName", c.fileName())
                    .put("sha256", c.sha256()).put("contentStreamId", c.contentStreamId());
            version.set("metadata", write(v.metadata()));
            version.put("createdAt", v.createdAt().toString());
            version.set("author", write(v.author()));
            v.basedOn().ifPresent(n -> version.put("basedOn", n.value()));
            v.restoredFrom().ifPresent(n -> version.put("restoredFrom", n.value()));
        }
        ArrayNode tags = node.putArray("tags");
        for (Tag t : d.tags()) {
            tags.addObject().put("name", t.name()).put("state", t.state()).put("createdAt", t.createdAt().toString())
                    .put("traceId", t.traceId());
        }
        ArrayNode tokens = node.putArray("publicTokens");
        for (PublicToken t : d.publicTokens()) {
            ObjectNode token = tokens.addObject().put("id", t.id()).put("issuedAt", t.issuedAt().toString())
                    .put("expiresAt", t.expiresAt().toString());
            t.revokedAt().ifPresent(at -> token.put("revokedAt", at.toString()));
        }
        // What keeps the record: a restored backup must not lose a retention or a hold.
        d.keeping().retainUntil().ifPresent(until -> node.put("retainUntil", until.toString()));
        d.keeping().legalHold().ifPresent(h -> node.putObject("legalHold").put("reason", h.reason())
                .put("since", h.since().toString()).set("by", write(h.by())));
        return node;
    }

    private static ObjectNode write(Metadata m) {
        ObjectNode node = JSON.createObjectNode().put("name", m.name()).put("description", m.description());
        ObjectNode properties = node.putObject("properties");
        m.properties().forEach(properties::put);
        return node;
    }

    private static ObjectNode write(Author a) {
        return JSON.createObjectNode().put("reference", a.reference()).put("display", a.display());
    }

    static Document.Snapshot document(JsonNode n) {
        JsonNode f = n.path("filing");
        Filing filing = switch (f.path("kind").asText()) {
            case "patient" -> new Filing.Patient(f.path("patientId").asLong());
            case "project" -> new Filing.Project(f.path("clientId").asLong(), f.path("projectId").asLong());
            default -> Filing.UNFILED;
        };
        List<Version> versions = new ArrayList<>();
        for (JsonNode v : n.path("versions")) {
            JsonNode c = v.path("content");
            versions.add(new Version(VersionNumber.of(v.path("number").asInt()), new ContentRef(
                    c.path("repositoryId").asText(), c.path("key").asText(), c.path("length").asLong(),
                    c.path("mediaType").asText(), c.path("fileName").asText(), c.path("sha256").asText(),
                    c.path("contentStreamId").asText()), metadata(v.path("metadata")),
                    Instant.parse(v.path("createdAt").asText()), author(v.path("author")),
                    optionalNumber(v, "basedOn"), optionalNumber(v, "restoredFrom")));
        }
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : n.path("tags")) {
            tags.add(new Tag(t.path("name").asText(), t.path("state").asInt(),
                    Instant.parse(t.path("createdAt").asText()), t.path("traceId").isNull() ? null
                    : t.path("traceId").asText()));
        }
        List<PublicToken> tokens = new ArrayList<>();
        for (JsonNode t : n.path("publicTokens")) {
            tokens.add(new PublicToken(t.path("id").asText(), Instant.parse(t.path("issuedAt").asText()),
                    Instant.parse(t.path("expiresAt").asText()), t.hasNonNull("revokedAt")
                    ? Optional.of(Instant.parse(t.path("revokedAt").asText())) : Optional.empty()));
        }
        return new Document.Snapshot(new DocumentId(UUID.fromString(n.path("id").asText())),
                n.path("number").asLong(), new TenantId(n.path("tenant").asText()), filing,
                metadata(n.path("metadata")), Visibility.valueOf(n.path("visibility").asText()),
                Instant.parse(n.path("createdAt").asText()), author(n.path("createdBy")),
                Instant.parse(n.path("lastModifiedAt").asText()), versions, tags, tokens, 0,
                new io.dossier.domain.Keeping(
                        n.hasNonNull("retainUntil") ? Optional.of(Instant.parse(n.path("retainUntil").asText()))
                                : Optional.empty(),
                        n.hasNonNull("legalHold") ? Optional.of(new io.dossier.domain.Keeping.LegalHold(
                                n.path("legalHold").path("reason").asText(), author(n.path("legalHold").path("by")),
                                Instant.parse(n.path("legalHold").path("since").asText()))) : Optional.empty(),
                        Optional.empty()));
    }

    private static Optional<VersionNumber> optionalNumber(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(VersionNumber.of(node.path(field).asInt())) : Optional.empty();
    }

    private static Metadata metadata(JsonNode m) {
        Map<String, String> properties = new LinkedHashMap<>();
        m.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
        return new Metadata(m.path("name").asText(), m.path("description").asText(), properties);
    }

    private static Author author(JsonNode a) {
        return new Author(a.path("reference").asText(), a.path("display").asText());
    }
}
