package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.PatientsUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;


/**
 * Seed 004: PDFs filed with a patient, for API-key clients only; errors as {detail}. Patients
 * themselves are registered through the native API ({@code /v1/patients}, problem details).
 * The {@code url} of an uploaded PDF is the native, authenticated content URL of its document.
 */
final class PatientPdfApi implements Endpoints {
    private static final java.util.Set<String> PATIENT_DOCUMENT_PARAMETERS = java.util.Set.of("q", "tag", "tagState",
            "mediaType", "createdFrom", "createdTo", "modifiedFrom", "modifiedTo", "author", "visibility", "cursor",
            "limit");


    @Override
    public void register(FamilyRoutes routes, EndpointContext wiring) {
        routes.post("/patients/{patient_id}/pdf", ctx -> upload(ctx, wiring));
    }

    /** Registering and reading patients: part of the native API, in its dialect. */
    static final class Registration implements Endpoints {
        @Override
        public void register(FamilyRoutes routes, EndpointContext wiring) {
            routes.post("/v1/patients", ctx -> registerPatient(ctx, wiring));
            routes.get("/v1/patients/{patient_id}/documents", ctx -> {
                Principal principal = wiring.principal(ctx);
                long id = Requests.number(ctx, "patient_id");
                wiring.dossier().patients().get(principal, id); // 404 or 403 before anything is searched
                SearchRequests.requireKnown(ctx, PATIENT_DOCUMENT_PARAMETERS);
                SearchRequests.answer(ctx, wiring, principal, Optional.of(id));
            });
            routes.get("/v1/patients/{patient_id}", ctx -> ctx.json(patient(
                    wiring.dossier().patients().get(wiring.principal(ctx), Requests.number(ctx, "patient_id")))));
        }
    }

    private static void upload(Context ctx, EndpointContext wiring) {
        Authenticator.Authenticated authenticated = Requests.authenticated(ctx, wiring.authenticator());
        if (authenticated.method() != Authenticator.Method.API_KEY) {
            throw HttpProblem.unauthorized("this endpoint accepts only an X-API-Key");
        }
        Principal principal = authenticated.principal();
        long patientId = Requests.number(ctx, "patient_id");
        long limit = wiring.settings().maxPdfBytes();
        Document document = Forms.read(ctx, "file", limit, java.util.Set.of("filename"), (form, file) -> {
            String filename = form.get("filename").orElseThrow(() -> HttpProblem.badRequest("filename is required"));
            NewContent content = Forms.content(file.orElseThrow(() ->
                    HttpProblem.badRequest("file is required (a file part)")), Optional.of(filename), limit);
            return wiring.dossier().patients().uploadPdf(new PatientsUseCase.UploadPdfCommand(principal, patientId,
                    content));
        });
        String storedName = document.currentVersion().map(v -> v.content().fileName()).orElseThrow();
        ctx.status(200).json(new UploadedPdf(document.id().toString(),
                wiring.absoluteUrl(ctx, "/v1/documents/" + document.id() + "/content"), storedName,
                SeedFormats.seconds(document.createdAt()), patientId));
    }

    private static void registerPatient(Context ctx, EndpointContext wiring) {
        Principal principal = wiring.principal(ctx);
        NativeBodies.PatientRegistration body = Bodies.read(ctx, NativeBodies.PatientRegistration.class, false,
                SeedFormats.MAX_JSON_BYTES).orElseThrow(() -> HttpProblem.badRequest("send {\"id\": …, \"name\": …}"));
        Patient patient = wiring.dossier().patients().register(
                new PatientsUseCase.RegisterCommand(principal, body.id(), body.name()));
        ctx.status(201).header("Location", "/v1/patients/" + patient.id()).json(patient(patient));
    }

    /** The answer of seed 004, in its snake-case names. */
    record UploadedPdf(String id, String url, String filename,
                       @com.fasterxml.jackson.annotation.JsonProperty("created_at") String createdAt,
                       @com.fasterxml.jackson.annotation.JsonProperty("patient_id") long patientId) {
    }

    record PatientJson(long id, String name) {
    }

    private static PatientJson patient(Patient patient) {
        return new PatientJson(patient.id(), patient.name());
    }
}
