package io.dossier.adapter.rest;

import io.dossier.domain.Author;
import io.dossier.domain.Document;
import io.dossier.domain.Tag;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON answers of the native API, as records: one place says what each answer holds (and
 * {@code openapi/native.json} describes the same). Absent parts are {@code null} or empty and are
 * left out of the JSON.
 */
final class NativeResponses {
    private NativeResponses() {
    }

    record AuthorJson(String reference, String display) {
        static AuthorJson of(Author author) {
            return new AuthorJson(author.reference(), author.display());
        }
    }

    record MetadataJson(String name, String description, Map<String, String> properties) {
    }

    /** @param text the version's text rendition; absent where the answer does not show it */
    record VersionJson(int number, String fileName, String mediaType, long length, String sha256, Instant createdAt,
                       AuthorJson author, Integer basedOn, Integer restoredFrom, MetadataJson metadata,
                       RenditionJson text) {
        static VersionJson of(Version v) {
            return new VersionJson(v.number().value(), v.content().fileName(), v.content().mediaType(),
                    v.content().length(), v.content().sha256(), v.createdAt(), AuthorJson.of(v.author()),
                    v.basedOn().map(VersionNumber::value).orElse(null),
                    v.restoredFrom().map(VersionNumber::value).orElse(null),
                    new MetadataJson(v.metadata().name(), v.metadata().description(), v.metadata().properties()),
                    null);
        }

        /** With its text rendition: {@code none} when the core makes none. */
        static VersionJson of(io.dossier.domain.DocumentId id, Version v,
                              java.util.Optional<io.dossier.domain.Rendition> text) {
            VersionJson plain = of(v);
            return new VersionJson(plain.number, plain.fileName, plain.mediaType, plain.length, plain.sha256,
                    plain.createdAt, plain.author, plain.basedOn, plain.restoredFrom, plain.metadata,
                    RenditionJson.of(id, v.number(), text));
        }
    }

    /** The state of a text rendition, and where its text is once it is done. */
    record RenditionJson(String state, Long length, String sha256, Boolean truncated, String reason, String href) {
        static RenditionJson of(io.dossier.domain.DocumentId id, VersionNumber number,
                                java.util.Optional<io.dossier.domain.Rendition> text) {
            if (text.isEmpty()) {
                return new RenditionJson("none", null, null, null, null, null);
            }
            io.dossier.domain.Rendition r = text.get();
            var content = r.content();
            return new RenditionJson(r.state().name().toLowerCase(java.util.Locale.ROOT),
                    content.map(io.dossier.domain.ContentRef::length).orElse(null),
                    content.map(io.dossier.domain.ContentRef::sha256).orElse(null),
                    content.isPresent() ? r.truncated() : null, r.reason().orElse(null),
                    content.isPresent() ? "/v1/documents/" + id + "/versions/" + number.value() + "/renditions/text"
                            : null);
        }
    }

    /** A page of search hits; {@code next} is the cursor of the following page, absent on the last. */
    record SearchPage(List<HitJson> items, int limit, String next) {
    }

    /** A document found: how well it matched, a passage with the words in {@code <mark>} (HTML-escaped), the document. */
    record HitJson(double score, String snippet, DocumentJson document) {
        static HitJson of(io.dossier.application.port.in.SearchDocumentsUseCase.Match match) {
            return new HitJson(match.rank(), match.snippet().orElse(null), DocumentJson.of(match.document()));
        }
    }

    /** Where a document is filed: {@code unfiled}, {@code patient} (with its id) or {@code project} (client and project). */
    record FilingJson(String kind, Long patientId, Long clientId, Long projectId) {
        static FilingJson of(io.dossier.domain.Filing filing) {
            if (filing instanceof io.dossier.domain.Filing.Patient p) {
                return new FilingJson("patient", p.patientId(), null, null);
            }
            if (filing instanceof io.dossier.domain.Filing.Project p) {
                return new FilingJson("project", null, p.clientId(), p.projectId());
            }
            return new FilingJson("unfiled", null, null, null);
        }
    }

    /** @param lastUpload only on a single document's GET: the upload issued last for it */
    record DocumentJson(String id, long number, String name, String description, Map<String, String> properties,
                        String visibility, Instant createdAt, AuthorJson createdBy, Instant lastModifiedAt,
                        int versionCount, VersionJson currentVersion, UploadJson lastUpload, List<TagJson> tags,
                        FilingJson filing, KeepingJson keeping) {
        static DocumentJson of(Document d) {
            return of(d, Optional.empty());
        }

        static DocumentJson of(Document d, Optional<UploadTicket> lastUpload) {
            return of(d, lastUpload, null);
        }

        /** @param currentText the current version's text rendition, when the answer shows it (null: not shown) */
        static DocumentJson of(Document d, Optional<UploadTicket> lastUpload,
                               Optional<io.dossier.domain.Rendition> currentText) {
            return new DocumentJson(d.id().toString(), d.number(), d.metadata().name(), d.metadata().description(),
                    d.metadata().properties(), d.visibility().name().toLowerCase(Locale.ROOT), d.createdAt(),
                    AuthorJson.of(d.createdBy()), d.lastModifiedAt(), d.versions().size(),
                    d.currentVersion().map(v -> currentText == null ? VersionJson.of(v)
                            : VersionJson.of(d.id(), v, currentText)).orElse(null),
                    lastUpload.map(t -> UploadJson.of(t, Optional.empty())).orElse(null),
                    d.tags().stream().map(TagJson::of).toList(), FilingJson.of(d.filing()), KeepingJson.of(d.keeping()));
        }
    }

    /** Retention, legal hold and deletion into the trash; absent when none of them applies. */
    record KeepingJson(Instant retainUntil, LegalHoldJson legalHold, DeletedJson deleted, List<DamageJson> damaged) {
        static KeepingJson of(io.dossier.domain.Keeping k) {
            if (k.equals(io.dossier.domain.Keeping.FREE)) {
                return null;
            }
            return new KeepingJson(k.retainUntil().orElse(null),
                    k.legalHold().map(h -> new LegalHoldJson(h.reason(), h.since(), AuthorJson.of(h.by()))).orElse(null),
                    k.trashed().map(t -> new DeletedJson(t.at(), AuthorJson.of(t.by()))).orElse(null),
                    k.damaged().isEmpty() ? null : k.damaged().stream()
                            .map(d -> new DamageJson(d.version(), d.problem(), d.foundAt())).toList());
        }
    }

    record LegalHoldJson(String reason, Instant since, AuthorJson by) {
    }

    record DeletedJson(Instant at, AuthorJson by) {
    }

    /** A version whose stored bytes a scan found missing or not as recorded. */
    record DamageJson(int version, String problem, Instant foundAt) {
    }

    record TagJson(String name, int state, Instant createdAt, String traceId) {
        static TagJson of(Tag t) {
            return new TagJson(t.name(), t.state(), t.createdAt(), t.traceId());
        }
    }

    /** An upload ticket: its state, what it made, or why it failed. */
    record UploadJson(String uploadId, String state, String documentId, String fileName, String mediaType,
                      long maxBytes, Instant expiresAt, Integer versionNumber, String failure, VersionJson version) {
        static UploadJson of(UploadTicket t, Optional<Version> version) {
            return new UploadJson(t.id(), t.state().name().toLowerCase(Locale.ROOT), t.documentId().toString(),
                    t.fileName(), t.mediaType(), t.maxBytes(), t.expiresAt(),
                    t.version().map(VersionNumber::value).orElse(null), t.failure().orElse(null),
                    version.map(VersionJson::of).orElse(null));
        }
    }

    /** An issued direct upload: post every field of {@code fields} and then a {@code file} part to {@code url}. */
    record IssuedUploadJson(UploadJson upload, String url, Map<String, String> fields) {
    }

    record Items<T>(List<T> items) {
    }

    record Page<T>(List<T> items, int offset, int limit, long total) {
    }

    record IssuedTokenJson(String id, String token, Instant expiresAt, String url) {
    }
}
