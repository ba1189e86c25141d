package io.dossier.testing.usecases;

import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.TransferTenantUseCase;
import io.dossier.application.port.in.VerifyContentUseCase;
import io.dossier.application.port.in.VerifyContentUseCase.Finding;
import io.dossier.application.port.in.VerifyContentUseCase.Problem;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.OTHER_TENANT;
import static io.dossier.testing.usecases.Core.TENANT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's use cases: verifying stored content, exporting and restoring a tenant. */
class AdministrationTest {
    private final Core core = new Core();

    private List<Finding> verify(VerifyContentUseCase.Scope scope) {
        List<Finding> findings = new ArrayList<>();
        core.dossier.verifyContent().verify(scope, findings::add);
        return findings;
    }

    @Test
    void verify_names_exactly_the_versions_whose_objects_were_altered_or_lost() {
        Document intact = core.createWith("intact");
        Document altered = core.createWith("first");
        Version second = core.replace(altered.id(), "second");
        Document lost = core.createWith("lost");
        core.dossier.createDocument().create(new io.dossier.application.port.in.CreateDocumentUseCase.Command(
                core.stranger, io.dossier.domain.Filing.UNFILED, io.dossier.domain.Metadata.named("theirs"),
                io.dossier.domain.Visibility.PRIVATE, Optional.of(Core.text("theirs"))));
        assertEquals(List.of(), verify(VerifyContentUseCase.Scope.ALL));

        core.store.plant(second.content().storageKey(), Core.bytes("secont"), core.clock.instant());
        core.store.delete(lost.currentVersion().orElseThrow().content().storageKey());

        List<Finding> findings = verify(VerifyContentUseCase.Scope.ALL);
        assertEquals(2, findings.size(), findings.toString());
        assertEquals(altered.id(), findings.get(0).document());
        assertEquals(VersionNumber.of(2), findings.get(0).version());
        assertEquals(Problem.DIGEST, findings.get(0).problem());
        assertEquals(lost.id(), findings.get(1).document());
        assertEquals(Problem.MISSING, findings.get(1).problem());

        VerifyContentUseCase.Report report = core.dossier.verifyContent().verify(VerifyContentUseCase.Scope.ALL,
                finding -> { });
        assertEquals(5, report.versions());
        assertEquals(2, report.findings());
        assertEquals(List.of(), verify(new VerifyContentUseCase.Scope(Optional.of(OTHER_TENANT), Optional.empty(),
                100)), "another tenant's content is fine");
        assertEquals(List.of(), verify(new VerifyContentUseCase.Scope(Optional.of(TENANT), Optional.of(intact.id()),
                100)));
        assertEquals(1, verify(new VerifyContentUseCase.Scope(Optional.of(TENANT), Optional.of(lost.id()), 100))
                .size());
        assertThrows(DocumentException.InvalidInput.class, () -> new VerifyContentUseCase.Scope(Optional.empty(),
                Optional.of(intact.id()), 100));
        assertThrows(DocumentException.InvalidInput.class, () -> new VerifyContentUseCase.Scope(Optional.empty(),
                Optional.empty(), 0));
    }

    @Test
    void a_damaged_version_shows_on_its_document_until_a_scan_finds_its_bytes_again() {
        Document document = core.createWith("first");
        Version second = core.replace(document.id(), "second");
        byte[] kept = Core.bytes("second");
        core.store.plant(second.content().storageKey(), Core.bytes("sec0nd"), core.clock.instant());

        verify(VerifyContentUseCase.Scope.ALL);
        Document damaged = core.dossier.getDocument().get(core.alice, document.id());
        assertEquals(List.of(2), damaged.keeping().damaged().stream().map(io.dossier.domain.Keeping.Damage::version)
                .toList(), "exactly the altered version");
        assertTrue(damaged.keeping().damaged().get(0).problem().startsWith("digest"));
        assertEquals(second.createdAt(), damaged.lastModifiedAt(), "a finding is no change of the document");
        core.clock.advance(java.time.Duration.ofMinutes(1));
        verify(VerifyContentUseCase.Scope.ALL);
        assertEquals(damaged.keeping().damaged(), core.dossier.getDocument().get(core.alice, document.id())
                .keeping().damaged(), "found again: the first finding's time stays");

        core.store.plant(second.content().storageKey(), kept, core.clock.instant());
        assertEquals(List.of(), verify(VerifyContentUseCase.Scope.ALL));
        assertTrue(core.dossier.getDocument().get(core.alice, document.id()).keeping().damaged().isEmpty());

        // In the trash too: what a restore would bring back is checked.
        core.dossier.deleteDocument().delete(core.alice, document.id());
        core.store.delete(second.content().storageKey());
        List<Finding> inTrash = verify(VerifyContentUseCase.Scope.ALL);
        assertEquals(1, inTrash.size(), inTrash.toString());
        assertEquals(Problem.MISSING, inTrash.get(0).problem());
        Document restored = core.dossier.keepRecords().restoreFromTrash(core.alice, document.id());
        assertEquals(List.of(2), restored.keeping().damaged().stream().map(io.dossier.domain.Keeping.Damage::version)
                .toList());
    }

    @Test
    void a_sample_checks_part_of_the_versions() {
        for (int i = 0; i < 200; i++) {
            core.createWith("n" + i);
        }
        long checked = core.dossier.verifyContent().verify(new VerifyContentUseCase.Scope(Optional.of(TENANT),
                Optional.empty(), 10), finding -> { }).versions();
        assertTrue(checked > 0 && checked < 80, "about a tenth of 200: " + checked);
    }

    /** An archive in memory: what the command line writes as files. */
    private static final class Archive implements TransferTenantUseCase.Archive, TransferTenantUseCase.Contents {
        final Map<String, byte[]> objects = new LinkedHashMap<>();
        final List<Document.Snapshot> documents = new ArrayList<>();
        final List<Patient> patients = new ArrayList<>();

        @Override
        public boolean holds(ContentRef content) {
            return objects.containsKey(content.sha256());
        }

        @Override
        public void content(ContentRef content, InputStream bytes) throws IOException {
            objects.put(content.sha256(), bytes.readAllBytes());
        }

        @Override
        public void document(Document.Snapshot document) {
            documents.add(document);
        }

        @Override
        public void patient(Patient patient) {
            patients.add(patient);
        }

        @Override
        public InputStream open(ContentRef content) {
            return new ByteArrayInputStream(objects.get(content.sha256()));
        }
    }

    @Test
    void an_exported_tenant_restores_into_an_empty_core_as_it_was() {
        Document letter = core.createWith("draft");
        core.replace(letter.id(), "final");
        core.dossier.restoreVersion().restoreVersion(new io.dossier.application.port.in.RestoreVersionUseCase.Command(
                core.alice, letter.id(), VersionNumber.of(1)));
        core.dossier.tags().tag(new TagDocumentUseCase.Command(core.alice, letter.id(), "status:resistant", 2, "t"));
        core.dossier.keepRecords().retain(new io.dossier.application.port.in.KeepRecordsUseCase.Retain(core.alice,
                letter.id(), core.clock.instant().plus(java.time.Duration.ofDays(3650))));
        core.dossier.keepRecords().placeLegalHold(new io.dossier.application.port.in.KeepRecordsUseCase.Hold(
                core.alice, letter.id(), "audit 2026"));
        Document empty = core.createEmpty("nothing yet", io.dossier.domain.Visibility.PUBLIC);
        core.createWith("another one");

        Archive archive = new Archive();
        TransferTenantUseCase.Exported exported = core.dossier.transferTenant().export(TENANT, archive);
        assertEquals(3, exported.documents());
        assertEquals(4, exported.versions());
        assertEquals(3, exported.objects(), "draft, final and another one: the restored version's bytes are kept once");

        Core target = new Core();
        for (Document.Snapshot snapshot : archive.documents) {
            target.dossier.transferTenant().restore(snapshot, archive);
        }
        for (Document original : List.of(letter, empty)) {
            Document before = core.documents.find(TENANT, original.id()).orElseThrow();
            Document after = target.documents.find(TENANT, original.id()).orElseThrow();
            assertEquals(before.snapshot().versions(), after.snapshot().versions());
            assertEquals(before.tags(), after.tags());
            assertEquals(before.number(), after.number());
            assertEquals(before.metadata(), after.metadata());
            assertEquals(before.createdAt(), after.createdAt());
            assertEquals(before.keeping(), after.keeping(), "a restored backup keeps retentions and holds");
        }
        assertTrue(target.documents.find(TENANT, letter.id()).orElseThrow().keeping().legalHold().isPresent());
        assertEquals("draft", target.currentText(letter.id()));
        assertEquals(0, target.dossier.verifyContent().verify(VerifyContentUseCase.Scope.ALL, f -> { }).findings());
        Document fresh = target.createWith("after the restore");
        assertTrue(fresh.number() > 3, "new numbers follow the restored ones: " + fresh.number());

        assertTrue(target.dossier.transferTenant().restore(archive.documents.get(0), archive).isEmpty(),
                "a document restored already is left as it is");
    }

    @Test
    void a_restore_whose_bytes_differ_from_the_record_leaves_nothing() {
        Document letter = core.createWith("the real text");
        Archive archive = new Archive();
        core.dossier.transferTenant().export(TENANT, archive);
        archive.objects.replaceAll((digest, bytes) -> Core.bytes("the fake text"));

        Core target = new Core();
        assertThrows(DocumentException.ContentRejected.class,
                () -> target.dossier.transferTenant().restore(archive.documents.get(0), archive));
        assertTrue(target.documents.find(TENANT, letter.id()).isEmpty());
        assertEquals(List.of(), target.objects());
        assertArrayEquals(Core.bytes("the fake text"), archive.objects.values().iterator().next());
    }
}
