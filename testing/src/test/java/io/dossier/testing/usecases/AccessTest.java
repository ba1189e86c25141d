package io.dossier.testing.usecases;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.MetadataChange;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.RestoreVersionUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.domain.Author;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Permissions, tenants and client scopes. */
class AccessTest {
    private final Core core = new Core();

    /** Every use case on one document, as the given principal. */
    private List<Executable> everyUseCase(Principal principal, DocumentId id) {
        var d = core.dossier;
        return List.of(
                () -> d.getDocument().get(principal, id),
                () -> d.listVersions().versions(principal, id),
                () -> d.content().open(principal, id, Optional.empty()),
                () -> d.content().verifyDigest(principal, id, Optional.empty()),
                () -> d.tags().tags(principal, id),
                () -> d.replaceContent().replaceContent(new ReplaceContentUseCase.Command(principal, id,
                        Core.text("theirs"))),
                () -> d.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(principal, id,
                        new MetadataChange(Optional.of("x"), Optional.empty(), Map.of()), Optional.empty(),
                        Expectation.NONE)),
                () -> d.restoreVersion().restoreVersion(new RestoreVersionUseCase.Command(principal, id,
                        VersionNumber.FIRST)),
                () -> d.tags().tag(new TagDocumentUseCase.Command(principal, id, "mine", 1, "")),
                () -> d.tags().untag(principal, id, "keep"),
                () -> d.publicTokens().issue(new PublicTokenUseCase.IssueCommand(principal, id, Duration.ofHours(1))),
                () -> d.issueUpload().issueUpload(new IssueUploadUseCase.Command(principal, Optional.of(id),
                        Filing.UNFILED, "x.txt", "text/plain", Optional.empty(), Expectation.NONE, Optional.empty(),
                        100)),
                () -> d.deleteDocument().delete(principal, id));
    }

    private void assertUntouched(Document document) {
        Document now = core.dossier.getDocument().get(core.alice, document.id());
        assertEquals(1, now.versions().size());
        assertEquals("Note", now.metadata().name());
        assertEquals(List.of("keep"), now.tags().stream().map(t -> t.name()).toList());
        assertTrue(now.publicTokens().isEmpty());
        assertEquals(1, core.objects().size(), "no object was stored for the refused calls");
        assertTrue(core.tickets.openTickets(Core.TENANT, document.id()).isEmpty());
    }

    private Document tagged(Document document) {
        core.dossier.tags().tag(new TagDocumentUseCase.Command(core.alice, document.id(), "keep", 1, ""));
        return document;
    }

    @Test
    void another_tenants_document_does_not_exist() {
        Document document = tagged(core.createWith("ours", Visibility.PUBLIC));

        for (Executable call : everyUseCase(core.stranger, document.id())) {
            assertThrows(DocumentException.NotFound.class, call);
        }
        assertThrows(DocumentException.NotFound.class,
                () -> core.dossier.getDocument().getByNumber(core.stranger, document.number()));
        assertEquals(List.of(), core.dossier.getDocument().list(core.stranger, 0, 10));
        assertEquals(0, core.dossier.getDocument().count(core.stranger));
        assertUntouched(document);
    }

    @Test
    void a_reader_may_read_but_not_change() {
        Document document = tagged(core.createWith("ours", Visibility.PUBLIC));
        List<Executable> calls = everyUseCase(core.reader, document.id());

        for (Executable read : calls.subList(0, 5)) {
            assertDoesNotThrow(read);
        }
        for (Executable change : calls.subList(5, calls.size())) {
            assertThrows(DocumentException.PermissionDenied.class, change);
        }
        assertThrows(DocumentException.PermissionDenied.class, () -> core.dossier.createDocument().create(
                new CreateDocumentUseCase.Command(core.reader, Filing.UNFILED, Metadata.named("x"),
                        Visibility.PRIVATE, Optional.of(Core.text("x")))));
        assertEquals(1, core.dossier.getDocument().count(core.alice));
        assertUntouched(document);
    }

    private static void assertDoesNotThrow(Executable executable) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(executable);
    }

    @Test
    void without_read_permission_nothing_is_readable() {
        Document document = tagged(core.createWith("ours", Visibility.PUBLIC));

        for (Executable call : everyUseCase(core.writeOnly, document.id())) {
            assertThrows(DocumentException.PermissionDenied.class, call);
        }
        assertThrows(DocumentException.PermissionDenied.class,
                () -> core.dossier.getDocument().list(core.writeOnly, 0, 10));
        assertThrows(DocumentException.PermissionDenied.class,
                () -> core.dossier.getDocument().getByNumber(core.writeOnly, document.number()));
        assertUntouched(document);
    }

    @Test
    void a_principal_scoped_to_some_clients_cannot_reach_documents_of_other_clients() {
        Principal scoped = new Principal(Core.TENANT, new Author("User/scoped", "Scoped"),
                Set.of(Principal.Permission.READ, Principal.Permission.WRITE), Optional.of(Set.of(1L)));
        Document foreign = core.dossier.createDocument().create(new CreateDocumentUseCase.Command(core.alice,
                new Filing.Project(2, 20), Metadata.named("Note"), Visibility.PUBLIC,
                Optional.of(Core.text("client 2"))));
        tagged(foreign);

        for (Executable call : everyUseCase(scoped, foreign.id())) {
            assertThrows(DocumentException.PermissionDenied.class, call);
        }
        assertThrows(DocumentException.PermissionDenied.class,
                () -> core.dossier.getDocument().getByNumber(scoped, foreign.number()));
        assertThrows(DocumentException.PermissionDenied.class, () -> core.dossier.createDocument().create(
                new CreateDocumentUseCase.Command(scoped, new Filing.Project(2, 21), Metadata.named("x"),
                        Visibility.PRIVATE, Optional.of(Core.text("x")))));
        assertThrows(DocumentException.PermissionDenied.class, () -> core.dossier.issueUpload().issueUpload(
                new IssueUploadUseCase.Command(scoped, Optional.empty(), new Filing.Project(2, 21), "x.txt",
                        "text/plain", Optional.empty(), Expectation.NONE, Optional.empty(), 100)));
        assertUntouched(foreign);
        assertEquals(List.of(), core.dossier.getDocument().list(scoped, 0, 100).stream()
                .filter(d -> d.id().equals(foreign.id())).toList(), "not listed either");
        assertEquals(core.dossier.getDocument().count(core.alice) - 1, core.dossier.getDocument().count(scoped));
    }

    @Test
    void a_principal_scoped_to_a_client_works_on_that_clients_documents() {
        Principal scoped = new Principal(Core.TENANT, new Author("User/scoped", "Scoped"),
                Set.of(Principal.Permission.READ, Principal.Permission.WRITE), Optional.of(Set.of(1L)));

        Document own = core.dossier.createDocument().create(new CreateDocumentUseCase.Command(scoped,
                new Filing.Project(1, 10), Metadata.named("Mine"), Visibility.PRIVATE, Optional.of(Core.text("v1"))));
        core.dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(scoped, own.id(),
                Core.text("v2")));

        assertEquals(2, core.dossier.listVersions().versions(scoped, own.id()).size());
        assertEquals("Mine", core.dossier.getDocument().get(core.alice, own.id()).metadata().name());
    }
}
