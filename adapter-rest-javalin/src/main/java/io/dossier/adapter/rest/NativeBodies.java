package io.dossier.adapter.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/**
 * The JSON bodies of the native API, bound by {@link Bodies}: what each request may say, and the
 * shape rules Bean Validation checks. The domain's own rules (name lengths, tag names, token
 * lifetimes) are checked by the core after.
 */
final class NativeBodies {
    private NativeBodies() {
    }

    /** {@code PATCH /v1/documents/{id}}: the fields to change; absent ones stay as they are. */
    record DocumentPatch(String name, String description, Map<String, String> properties, String visibility) {
    }

    /** {@code POST /v1/documents} as JSON: a document without content. */
    record NewDocument(@NotBlank String name, String description, Map<String, String> properties,
                       String visibility) {
    }

    /** {@code PUT /v1/documents/{id}/tags/{name}}. */
    record TagState(@NotNull Integer state, String traceId) {
    }

    /** {@code POST /v1/documents/{id}/public-tokens}; no body (or no lifetime) takes the configured one. */
    record TokenRequest(Long lifetimeSeconds) {
    }

    /** {@code PUT /v1/documents/{id}/retention}. */
    record Retention(@NotNull java.time.Instant retainUntil) {
    }

    /** {@code PUT /v1/documents/{id}/legal-hold}. */
    record LegalHold(@NotNull String reason) {
    }

    /** {@code POST /v1/documents/{id}/uploads}; no content type means application/octet-stream. */
    record UploadRequest(@NotNull String fileName, String contentType) {
    }

    /** {@code POST /v1/patients}. */
    record PatientRegistration(@NotNull @jakarta.validation.constraints.Positive Long id, @NotNull String name) {
    }
}
