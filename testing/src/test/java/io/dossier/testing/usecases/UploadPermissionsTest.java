package io.dossier.testing.usecases;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.IssueUploadUseCase;
import io.dossier.application.port.in.IssueUploadUseCase.IssuedUpload;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refused upload request leaves nothing behind: no document, no ticket. */
class UploadPermissionsTest {
    private final Core core = new Core();

    private IssuedUpload issue(Optional<DocumentId> id, Optional<Visibility> visibility) {
        return core.dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.writeOnly, id,
                Filing.UNFILED, "scan.pdf", "application/pdf", visibility, Expectation.NONE, Optional.empty(), 1000));
    }

    @Test
    void without_read_permission_no_public_document_is_made_and_nothing_is_left_behind() {
        assertThrows(DocumentException.PermissionDenied.class, () -> issue(Optional.empty(),
                Optional.of(Visibility.PUBLIC)));

        assertEquals(0, core.dossier.getDocument().count(core.alice));
    }

    @Test
    void without_read_permission_no_upload_is_issued_for_an_existing_document() {
        Document document = core.createWith("one", Visibility.PUBLIC);

        assertThrows(DocumentException.PermissionDenied.class, () -> issue(Optional.of(document.id()),
                Optional.empty()));

        assertTrue(core.tickets.openTickets(Core.TENANT, document.id()).isEmpty());
        assertTrue(core.dossier.getDocument().get(core.alice, document.id()).publicTokens().isEmpty());
    }

    @Test
    void write_permission_alone_is_enough_to_upload_a_new_private_document() {
        IssuedUpload upload = issue(Optional.empty(), Optional.empty());

        assertEquals(Visibility.PRIVATE, upload.document().visibility());
        assertTrue(upload.publicToken().isEmpty());
        assertEquals(1, core.tickets.openTickets(Core.TENANT, upload.document().id()).size());
    }

    @Test
    void an_upload_of_a_client_outside_the_principals_scope_can_be_neither_seen_nor_completed() {
        IssuedUpload upload = core.dossier.issueUpload().issueUpload(new IssueUploadUseCase.Command(core.alice,
                Optional.empty(), new Filing.Project(7, 70), "scan.pdf", "application/pdf", Optional.empty(),
                Expectation.NONE, Optional.empty(), 1000));
        io.dossier.application.port.in.Principal onlyClient8 = new io.dossier.application.port.in.Principal(
                Core.TENANT, new io.dossier.domain.Author("User/eve", "Eve"), core.alice.permissions(),
                Optional.of(java.util.Set.of(8L)));

        assertThrows(DocumentException.PermissionDenied.class,
                () -> core.dossier.completeUpload().complete(onlyClient8, upload.ticket().id()));
        assertThrows(DocumentException.PermissionDenied.class,
                () -> core.dossier.completeUpload().upload(onlyClient8, upload.ticket().id()));
    }
}
