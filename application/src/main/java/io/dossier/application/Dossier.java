package io.dossier.application;

import io.dossier.application.port.in.SearchDocumentsUseCase;
import io.dossier.application.port.in.KeepRecordsUseCase;
import io.dossier.application.port.out.DocumentSearch;
import java.util.Optional;
import io.dossier.application.port.out.TextExtractor;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.in.MakeRenditionsUseCase;
import io.dossier.application.port.in.RenditionsUseCase;
import io.dossier.application.port.in.CompleteUploadUseCase;
import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.DeleteDocumentUseCase;
import io.dossier.application.port.in.GetDocumentUseCase;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.ListVersionsUseCase;
import io.dossier.application.port.in.OpenContentUseCase;
import io.dossier.application.port.in.PatientsUseCase;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.RestoreVersionUseCase;
import io.dossier.application.port.in.SweepUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.application.port.in.ApiKeysUseCase;
import io.dossier.application.port.in.TransferTenantUseCase;
import io.dossier.application.port.in.VerifyContentUseCase;
import io.dossier.application.port.out.ApiKeys;
import io.dossier.application.service.ApiKeyService;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.IdSource;
import io.dossier.application.port.out.Patients;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.application.service.DocumentService;
import io.dossier.application.service.PatientService;
import io.dossier.application.service.RandomIdSource;
import io.dossier.application.service.Services;
import io.dossier.application.service.UploadService;
import io.dossier.domain.DocumentException;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A working document core, assembled from port implementations. The entry point for embedders:
 *
 * <pre>{@code
 * Dossier dossier = Dossier.builder()
 *         .documents(myDocuments)
 *         .contentStore(myContentStore)
 *         .uploadTickets(myUploadTickets)
 *         .build();
 * Document document = dossier.createDocument().create(command);
 * }</pre>
 */
public final class Dossier {
    private final DocumentService documents;
    private final UploadService uploads;
    private final PatientService patients;
    private final Services services;
    private final ApiKeyService apiKeys;

    private Dossier(Services services, ApiKeyService apiKeys) {
        this.services = services;
        this.apiKeys = apiKeys;
        this.documents = services.documents();
        this.uploads = services.uploads();
        this.patients = services.patients();
    }

    public static Builder builder() {
        return new Builder();
    }

    public CreateDocumentUseCase createDocument() { return documents; }
    public ReplaceContentUseCase replaceContent() { return documents; }
    public UpdateMetadataUseCase updateMetadata() { return documents; }
    public RestoreVersionUseCase restoreVersion() { return documents; }
    public GetDocumentUseCase getDocument() { return documents; }
    public ListVersionsUseCase listVersions() { return documents; }
    public OpenContentUseCase content() { return documents; }
    public TagDocumentUseCase tags() { return documents; }
    public PublicTokenUseCase publicTokens() { return documents; }
    public DeleteDocumentUseCase deleteDocument() { return documents; }
    public IssueUploadUseCase issueUpload() { return uploads; }
    public CompleteUploadUseCase completeUpload() { return uploads; }
    public SweepUseCase sweeper() { return uploads; }
    public PatientsUseCase patients() { return patients; }
    public RenditionsUseCase renditions() { return services.renditions(); }
    public MakeRenditionsUseCase makeRenditions() { return services.renditions(); }
    public SearchDocumentsUseCase search() { return services.search(); }
    public ApiKeysUseCase apiKeys() { return apiKeys; }
    public VerifyContentUseCase verifyContent() { return services.integrity(); }
    public TransferTenantUseCase transferTenant() { return services.transfer(); }
    public KeepRecordsUseCase keepRecords() { return services.records(); }
    public io.dossier.application.port.in.AuditUseCase audit() { return services.audit(); }
    public io.dossier.application.port.in.IdempotencyUseCase idempotency() { return services.idempotency(); }
    public io.dossier.application.port.in.ResumableUploadUseCase resumableUploads() { return services.resumable(); }

    /** Collects the ports; documents, content store and upload tickets are required. */
    public static final class Builder {
        private Documents documents;
        private ContentStore contentStore;
        private UploadTickets uploadTickets;
        private Patients patients = NO_PATIENTS;
        private Transactions transactions = Transactions.NONE;
        private ApiKeys apiKeys = ApiKeys.NONE;
        private Renditions renditions = Renditions.NONE;
        private TextExtractor textExtractor;
        private DocumentSearch search = DocumentSearch.NONE;
        private Clock clock = Clock.systemUTC();
        private IdSource ids = new RandomIdSource();
        private Duration uploadLifetime = Duration.ofMinutes(15);
        private Duration sweepGrace = Duration.ofHours(1);
        private Duration publicTokenLifetime = Duration.ofDays(30);
        private Duration trashPeriod = Services.Keeping.DEFAULT.trashPeriod();
        private java.util.List<io.dossier.domain.RetentionPolicy> retentionPolicies = java.util.List.of();
        private io.dossier.application.port.out.AuditTrail auditTrail = io.dossier.application.port.out.AuditTrail.NONE;
        private io.dossier.application.port.out.IdempotencyKeys idempotencyKeys =
                io.dossier.application.port.out.IdempotencyKeys.NONE;

        private io.dossier.application.port.out.ResumableUploads resumableUploads =
                io.dossier.application.port.out.ResumableUploads.NONE;
        private Duration resumableUploadLifetime = Services.Resuming.NONE.lifetime();

        private Builder() {
        }

        public Builder documents(Documents value) { this.documents = value; return this; }
        public Builder contentStore(ContentStore value) { this.contentStore = value; return this; }
        public Builder uploadTickets(UploadTickets value) { this.uploadTickets = value; return this; }
        /**
         * Units of work over the documents and tickets stores (one transaction of their database);
         * without it each write stands alone, and a version and its upload ticket are two commits.
         */
        public Builder transactions(Transactions value) { this.transactions = Objects.requireNonNull(value); return this; }
        /** Where patients are kept; without it every patient operation answers "unavailable". */
        public Builder patients(Patients value) { this.patients = Objects.requireNonNull(value); return this; }
        /**
         * Where text renditions are kept (their store is also the queue of those to be made, so it
         * must share the documents' unit of work). Without it no renditions are made or shown.
         */
        public Builder renditions(Renditions value) { this.renditions = Objects.requireNonNull(value); return this; }
        /** What makes the text of a version; without it renditions stay pending until a core with one makes them. */
        public Builder textExtractor(TextExtractor value) { this.textExtractor = value; return this; }
        /** Finds documents; fed in the documents' unit of work. Without it every search is "unavailable". */
        public Builder search(DocumentSearch value) { this.search = Objects.requireNonNull(value); return this; }
        /** Where API keys issued at run time are kept; without it only the keys the adapter is given work. */
        public Builder apiKeys(ApiKeys value) { this.apiKeys = Objects.requireNonNull(value); return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder ids(IdSource value) { this.ids = value; return this; }
        /** How long presigned upload credentials stay valid (default 15 minutes). */
        public Builder uploadLifetime(Duration value) { this.uploadLifetime = value; return this; }
        /** How old an unreferenced object must be before the sweeper deletes it (default 1 hour). */
        public Builder sweepGrace(Duration value) { this.sweepGrace = value; return this; }
        /** How long public tokens issued with uploads live (default 30 days). */
        public Builder publicTokenLifetime(Duration value) { this.publicTokenLifetime = value; return this; }
        /** How long a deleted document stays in the trash, restorable, before the sweeper purges it (default 30 days). */
        public Builder trashPeriod(Duration value) { this.trashPeriod = Objects.requireNonNull(value); return this; }
        /**
         * The audit trail, fed in the documents' unit of work (so it must share their database).
         * Without it nothing is recorded and every search of it finds nothing.
         */
        public Builder auditTrail(io.dossier.application.port.out.AuditTrail value) {
            this.auditTrail = Objects.requireNonNull(value);
            return this;
        }
        /**
         * Where requests made under an Idempotency-Key are remembered; without it every key is
         * free and a retried request is done again.
         */
        public Builder idempotencyKeys(io.dossier.application.port.out.IdempotencyKeys value) {
            this.idempotencyKeys = Objects.requireNonNull(value);
            return this;
        }
        /**
         * Where resumable uploads are kept (they need a content store that takes uploads in parts);
         * without it every resumable upload answers "unavailable".
         */
        public Builder resumableUploads(io.dossier.application.port.out.ResumableUploads value) {
            this.resumableUploads = Objects.requireNonNull(value);
            return this;
        }
        /** How long a resumable upload may take before it expires and its parts go (default 1 day). */
        public Builder resumableUploadLifetime(Duration value) {
            this.resumableUploadLifetime = Objects.requireNonNull(value);
            return this;
        }
        /** Retentions that documents get by a tag or a media type (none by default). */
        public Builder retentionPolicies(java.util.List<io.dossier.domain.RetentionPolicy> value) {
            this.retentionPolicies = java.util.List.copyOf(value);
            return this;
        }

        public Dossier build() {
            Objects.requireNonNull(documents, "documents");
            Objects.requireNonNull(contentStore, "contentStore");
            Objects.requireNonNull(uploadTickets, "uploadTickets");
            Services services = Services.assemble(documents, contentStore, uploadTickets, transactions, patients,
                    clock, ids, new Services.Lifetimes(uploadLifetime, sweepGrace, publicTokenLifetime),
                    new Services.Renditioning(renditions, Optional.ofNullable(textExtractor), search),
                    new Services.Keeping(trashPeriod, retentionPolicies, auditTrail, idempotencyKeys),
                    new Services.Resuming(resumableUploads, resumableUploadLifetime));
            return new Dossier(services, new ApiKeyService(apiKeys, clock, ids));
        }

        /** Stands in when no patient store is configured. */
        private static final Patients NO_PATIENTS = new Patients() {
            @Override
            public void register(io.dossier.domain.Patient patient) {
                throw unavailable();
            }

            @Override
            public java.util.Optional<io.dossier.domain.Patient> find(io.dossier.domain.TenantId tenant, long id) {
                throw unavailable();
            }

            @Override
            public java.util.List<io.dossier.domain.Patient> list(io.dossier.domain.TenantId tenant) {
                return java.util.List.of();
            }

            private DocumentException unavailable() {
                return new DocumentException.Unavailable("no patient store is configured", null);
            }
        };
    }
}
