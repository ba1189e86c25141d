package io.dossier.testing.usecases;

import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.bytes;
import static io.dossier.testing.usecases.Core.read;
import static io.dossier.testing.usecases.Core.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading content back, and what happens to content that is refused. */
class ContentUseCasesTest {
    private static final List<String> SEED_TYPES = List.of("image/", "application/", "text/", "video/");
    private final Core core = new Core();

    private Document create(NewContent content) {
        return core.dossier.createDocument().create(new CreateDocumentUseCase.Command(core.alice, Filing.UNFILED,
                Metadata.named("Upload"), Visibility.PRIVATE, Optional.of(content)));
    }

    private Version replace(Document document, NewContent content) {
        return core.dossier.replaceContent().replaceContent(
                new ReplaceContentUseCase.Command(core.alice, document.id(), content)).currentVersion().orElseThrow();
    }

    // ---- reading -------------------------------------------------------------------------

    @Test
    void content_opens_whole_or_as_an_inclusive_byte_range() {
        Document document = core.createWith("Hello, Dossier!");
        VersionContent content = core.dossier.content().open(core.alice, document.id(), Optional.empty());

        assertEquals(document.id(), content.documentId());
        assertEquals(1, content.version().number().value());
        assertEquals("Hello, Dossier!", read(content, Optional.empty()));
        assertEquals("Hello", read(content, Optional.of(new ByteRange(0, 4))));
        assertEquals("Dossier", read(content, Optional.of(new ByteRange(7, 13))));
        assertEquals("!", read(content, Optional.of(new ByteRange(14, 14))));
    }

    @Test
    void a_range_beyond_the_content_is_invalid_input() {
        Document document = core.createWith("0123456789");
        VersionContent content = core.dossier.content().open(core.alice, document.id(), Optional.empty());

        assertThrows(DocumentException.InvalidInput.class, () -> content.open(Optional.of(new ByteRange(5, 10))));
        assertThrows(DocumentException.InvalidInput.class, () -> content.open(Optional.of(new ByteRange(10, 12))));
        assertThrows(DocumentException.InvalidInput.class, () -> new ByteRange(4, 3), "a domain value refuses a bad range as invalid input");
    }

    @Test
    void an_old_version_opens_with_its_own_bytes() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");

        VersionContent v1 = core.dossier.content().open(core.alice, document.id(),
                Optional.of(VersionNumber.FIRST));

        assertEquals("one", read(v1, Optional.empty()));
        assertEquals("ne", read(v1, Optional.of(new ByteRange(1, 2))));
        assertThrows(DocumentException.NotFound.class, () -> core.dossier.content().open(core.alice,
                document.id(), Optional.of(VersionNumber.of(3))));
    }

    @Test
    void the_digest_is_verified_against_the_stored_bytes() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        assertTrue(core.dossier.content().verifyDigest(core.alice, document.id(), Optional.empty()));
        assertTrue(core.dossier.content().verifyDigest(core.alice, document.id(), Optional.of(VersionNumber.FIRST)));

        // Someone changes the stored object behind Dossier's back.
        StorageKey v1 = document.currentVersion().orElseThrow().content().storageKey();
        core.store.plant(v1, bytes("oNe"), core.clock.instant());

        assertFalse(core.dossier.content().verifyDigest(core.alice, document.id(), Optional.of(VersionNumber.FIRST)));
        assertTrue(core.dossier.content().verifyDigest(core.alice, document.id(), Optional.empty()));
    }

    @Test
    void content_can_go_to_another_configured_repository() {
        Document document = create(Core.text("archived").inRepository(Optional.of("archive")));

        Version v1 = document.currentVersion().orElseThrow();
        assertEquals("archive", v1.content().repositoryId());
        assertTrue(core.stored(new StorageKey("archive", v1.content().key())));
        assertEquals("archived", core.currentText(document.id()));
    }

    // ---- refused content -----------------------------------------------------------------

    @Test
    void content_over_the_limit_is_too_large_and_leaves_no_object_and_no_document() {
        NewContent tooLarge = NewContent.of(new ByteArrayInputStream(new byte[11]), "big.bin",
                "application/octet-stream", 10);

        DocumentException.ContentTooLarge e = assertThrows(DocumentException.ContentTooLarge.class,
                () -> create(tooLarge));

        assertEquals(10, e.limit());
        assertTrue(core.objects().isEmpty());
        assertEquals(0, core.dossier.getDocument().count(core.alice));
    }

    @Test
    void a_replacement_over_the_limit_is_too_large_and_leaves_no_object_and_no_version() {
        Document document = core.createWith("one");
        List<StorageKey> before = core.objects();

        assertThrows(DocumentException.ContentTooLarge.class, () -> replace(document,
                NewContent.of(new ByteArrayInputStream(new byte[11]), "big.bin", "application/octet-stream", 10)));

        assertEquals(before, core.objects());
        assertEquals(1, core.versions(document.id()).size());
    }

    @Test
    void content_exactly_at_the_limit_is_accepted() {
        Document document = create(NewContent.of(new ByteArrayInputStream(new byte[10]), "ten.bin",
                "application/octet-stream", 10));

        assertEquals(10, document.currentVersion().orElseThrow().content().length());
    }

    @Test
    void a_media_type_that_is_not_accepted_is_rejected_and_leaves_nothing_behind() {
        Document document = core.createWith("one");
        NewContent audio = Core.content(bytes("ID3...."), "song.mp3", "audio/mpeg").accepting(SEED_TYPES, true);

        DocumentException.ContentRejected e = assertThrows(DocumentException.ContentRejected.class,
                () -> replace(document, audio));

        assertTrue(e.mediaTypeNotAccepted());
        assertEquals(1, core.objects().size());
        assertEquals(1, core.versions(document.id()).size());
        assertThrows(DocumentException.ContentRejected.class, () -> create(
                Core.content(bytes("ID3"), "song.mp3", "audio/mpeg").accepting(SEED_TYPES, true)));
        assertEquals(1, core.objects().size());
        assertEquals(1, core.dossier.getDocument().count(core.alice));
    }

    @Test
    void an_accepted_media_type_passes() {
        Document document = create(Core.content(bytes("frames"), "clip.mp4", "video/mp4").accepting(SEED_TYPES, true));

        assertEquals("video/mp4", document.currentVersion().orElseThrow().content().mediaType());
    }

    @Test
    void bytes_that_do_not_start_with_the_declared_types_signature_are_rejected_and_leave_nothing_behind() {
        Document document = core.createWith("one");
        NewContent fakePdf = Core.content(bytes("<html>not a pdf</html>"), "scan.pdf", "application/pdf");

        DocumentException.ContentRejected e = assertThrows(DocumentException.ContentRejected.class,
                () -> replace(document, fakePdf));

        assertFalse(e.mediaTypeNotAccepted());
        assertEquals(1, core.objects().size());
        assertEquals(1, core.versions(document.id()).size());
        assertThrows(DocumentException.ContentRejected.class,
                () -> create(Core.content(bytes("GIF89a"), "scan.pdf", "application/pdf")));
        assertEquals(1, core.objects().size());
    }

    @Test
    void a_real_pdf_passes_the_signature_check_and_keeps_every_byte() {
        byte[] pdf = bytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n%%EOF\n");

        Document document = create(Core.content(pdf, "scan.pdf", "application/pdf"));

        Version v1 = document.currentVersion().orElseThrow();
        assertEquals(sha256(pdf), v1.content().sha256());
        assertEquals(pdf.length, v1.content().length());
        assertTrue(core.dossier.content().verifyDigest(core.alice, document.id(), Optional.empty()));
    }

    @Test
    void the_signature_check_can_be_turned_off() {
        Document document = create(Core.content(bytes("not a pdf"), "scan.pdf", "application/pdf")
                .accepting(List.of(), false));

        assertEquals("not a pdf", core.currentText(document.id()));
    }

    @Test
    void an_unknown_repository_is_invalid_input_and_stores_nothing() {
        Document document = core.createWith("one");

        assertThrows(DocumentException.InvalidInput.class,
                () -> replace(document, Core.text("x").inRepository(Optional.of("nowhere"))));
        assertThrows(DocumentException.InvalidInput.class,
                () -> create(Core.text("x").inRepository(Optional.of("nowhere"))));
        assertEquals(1, core.objects().size());
        assertEquals(1, core.dossier.getDocument().count(core.alice));
    }
}
