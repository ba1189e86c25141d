package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.dossier.domain.Examples.AUTHOR;
import static io.dossier.domain.Examples.DOCUMENT_ID;
import static io.dossier.domain.Examples.TENANT;
import static io.dossier.domain.Examples.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UploadTicketTest {

    private static UploadTicket ticket() {
        return UploadTicket.issue("up-1", TENANT, DOCUMENT_ID, "default", "acme/doc/S1", "S1", "scan.pdf",
                "application/pdf", 1000, at(0), at(15), AUTHOR, Optional.empty());
    }

    @Test
    void a_completed_ticket_records_its_version_and_completing_again_changes_nothing() {
        UploadTicket ticket = ticket();

        ticket.complete(VersionNumber.FIRST);
        ticket.complete(VersionNumber.of(2));

        assertEquals(UploadTicket.State.COMPLETED, ticket.state());
        assertEquals(Optional.of(VersionNumber.FIRST), ticket.version());
    }

    @Test
    void a_failed_or_expired_ticket_never_completes() {
        UploadTicket failed = ticket();
        failed.fail("not a PDF");
        UploadTicket expired = ticket();
        expired.expire(at(15));

        assertThrows(DocumentException.Conflict.class, () -> failed.complete(VersionNumber.FIRST));
        assertThrows(DocumentException.Conflict.class, () -> expired.complete(VersionNumber.FIRST));
        assertEquals(Optional.of("not a PDF"), failed.failure());
        assertEquals(UploadTicket.State.EXPIRED, expired.state());
    }

    @Test
    void a_ticket_expires_only_once_its_time_is_up() {
        UploadTicket ticket = ticket();

        assertThrows(DocumentException.Conflict.class, () -> ticket.expire(at(14)));
        assertEquals(UploadTicket.State.ISSUED, ticket.state());
        ticket.expire(at(15));
        assertEquals(UploadTicket.State.EXPIRED, ticket.state());
    }
}
