package io.dossier.testing.usecases;

import io.dossier.application.port.in.Expectation;
import io.dossier.application.port.in.MetadataChange;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.PublicTokenUseCase.IssuedToken;
import io.dossier.application.port.in.UpdateMetadataUseCase;
import io.dossier.application.port.in.VersionContent;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.START;
import static io.dossier.testing.usecases.Core.TENANT;
import static io.dossier.testing.usecases.Core.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Public tokens: issue, resolve to the current content, revoke; everything else is not found. */
class PublicTokensTest {
    private final Core core = new Core();

    private IssuedToken issue(DocumentId id, Duration lifetime) {
        return core.dossier.publicTokens().issue(new PublicTokenUseCase.IssueCommand(core.alice, id, lifetime));
    }

    private VersionContent resolve(IssuedToken token) {
        return resolve(token.presented());
    }

    private VersionContent resolve(PublicTokenUseCase.Presented token) {
        return core.dossier.publicTokens().resolve(token);
    }

    private void makePrivate(DocumentId id) {
        core.dossier.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(core.alice, id,
                MetadataChange.NONE, Optional.of(Visibility.PRIVATE), Expectation.NONE));
    }

    @Test
    void a_token_of_a_public_document_resolves_to_its_current_content() {
        Document document = core.createWith("one", Visibility.PUBLIC);

        IssuedToken token = issue(document.id(), Duration.ofHours(1));

        assertEquals(START, token.token().issuedAt());
        assertEquals(START.plus(Duration.ofHours(1)), token.token().expiresAt());
        assertEquals("one", read(resolve(token), Optional.empty()));

        core.replace(document.id(), "two");
        VersionContent current = resolve(token);
        assertEquals(2, current.version().number().value());
        assertEquals("two", read(current, Optional.empty()));
        assertEquals(1, core.dossier.getDocument().get(core.alice, document.id()).publicTokens().size());
        assertEquals(2, core.versions(document.id()).size(), "tokens make no version");
    }

    @Test
    void a_private_document_gets_no_token() {
        Document document = core.createWith("one", Visibility.PRIVATE);

        assertThrows(DocumentException.Conflict.class, () -> issue(document.id(), Duration.ofHours(1)));
    }

    @Test
    void a_revoked_token_is_not_found_and_other_tokens_keep_working() {
        Document document = core.createWith("one", Visibility.PUBLIC);
        IssuedToken revoked = issue(document.id(), Duration.ofHours(1));
        IssuedToken kept = issue(document.id(), Duration.ofHours(1));

        core.dossier.publicTokens().revoke(core.alice, document.id(), revoked.token().id());

        assertThrows(DocumentException.NotFound.class, () -> resolve(revoked));
        assertEquals("one", read(resolve(kept), Optional.empty()));
        assertThrows(DocumentException.NotFound.class,
                () -> core.dossier.publicTokens().revoke(core.alice, document.id(), "no-such-token"));
    }

    @Test
    void making_the_document_private_revokes_its_tokens_for_good() {
        Document document = core.createWith("one", Visibility.PUBLIC);
        IssuedToken token = issue(document.id(), Duration.ofHours(1));

        makePrivate(document.id());

        assertThrows(DocumentException.NotFound.class, () -> resolve(token));
        assertTrue(core.dossier.getDocument().get(core.alice, document.id()).publicTokens().stream()
                .allMatch(t -> t.revokedAt().isPresent()));

        core.dossier.updateMetadata().updateMetadata(new UpdateMetadataUseCase.Command(core.alice, document.id(),
                MetadataChange.NONE, Optional.of(Visibility.PUBLIC), Expectation.NONE));
        assertThrows(DocumentException.NotFound.class, () -> resolve(token));
    }

    @Test
    void an_expired_token_is_not_found() {
        Document document = core.createWith("one", Visibility.PUBLIC);
        IssuedToken token = issue(document.id(), Duration.ofHours(1));

        core.clock.advance(Duration.ofMinutes(59));
        assertEquals("one", read(resolve(token), Optional.empty()));
        core.clock.advance(Duration.ofMinutes(1));
        assertThrows(DocumentException.NotFound.class, () -> resolve(token));
    }

    @Test
    void a_token_id_of_one_document_grants_nothing_on_another() {
        Document first = core.createWith("first", Visibility.PUBLIC);
        Document second = core.createWith("second", Visibility.PUBLIC);
        IssuedToken token = issue(first.id(), Duration.ofHours(1));

        // A carrier that checks out, but naming the other document with the first document's token id.
        PublicTokenUseCase.Presented crossed = new PublicTokenUseCase.Presented(TENANT, second.id(), token.token().id());

        assertThrows(DocumentException.NotFound.class, () -> resolve(crossed));
        assertEquals("first", read(resolve(token), Optional.empty()));
    }

    @Test
    void an_unknown_token_id_or_another_tenant_is_not_found() {
        Document first = core.createWith("first", Visibility.PUBLIC);
        IssuedToken token = issue(first.id(), Duration.ofHours(1));

        for (PublicTokenUseCase.Presented bad : new PublicTokenUseCase.Presented[] {
                new PublicTokenUseCase.Presented(TENANT, first.id(), token.token().id() + "x"),
                new PublicTokenUseCase.Presented(new io.dossier.domain.TenantId("other"), first.id(), token.token().id()),
                new PublicTokenUseCase.Presented(TENANT, DocumentId.parse("00000000-0000-0000-0000-000000000001"),
                        token.token().id())}) {
            assertThrows(DocumentException.NotFound.class, () -> resolve(bad), bad.toString());
        }
        assertThrows(DocumentException.InvalidInput.class,
                () -> new PublicTokenUseCase.Presented(TENANT, first.id(), " "));
        assertEquals("first", read(resolve(token), Optional.empty()));
    }

    @Test
    void a_token_of_a_deleted_document_is_not_found() {
        Document document = core.createWith("one", Visibility.PUBLIC);
        IssuedToken token = issue(document.id(), Duration.ofHours(1));

        core.dossier.deleteDocument().delete(core.alice, document.id());

        assertThrows(DocumentException.NotFound.class, () -> resolve(token));
    }

    @Test
    void a_token_of_a_document_without_content_is_not_found_until_content_arrives() {
        Document document = core.createEmpty("Soon", Visibility.PUBLIC);
        IssuedToken token = issue(document.id(), Duration.ofHours(1));

        assertThrows(DocumentException.NotFound.class, () -> resolve(token));
        core.replace(document.id(), "arrived");
        assertEquals("arrived", read(resolve(token), Optional.empty()));
    }
}
