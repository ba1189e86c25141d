package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.dossier.domain.Examples.at;
import static io.dossier.domain.Examples.newDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentPublicTokensTest {

    @Test
    void a_public_document_issues_tokens_that_grant_access_until_they_expire() {
        Document document = newDocument(Visibility.PUBLIC);

        PublicToken token = document.issuePublicToken("tok-1", at(0), Duration.ofHours(1));

        assertEquals(at(0), token.issuedAt());
        assertEquals(at(60), token.expiresAt());
        assertTrue(document.acceptsPublicToken("tok-1", at(59)));
        assertFalse(document.acceptsPublicToken("tok-1", at(60)));
        assertFalse(document.acceptsPublicToken("tok-2", at(1)));
    }

    @Test
    void a_private_document_has_no_public_tokens() {
        Document document = newDocument(Visibility.PRIVATE);

        assertThrows(DocumentException.Conflict.class,
                () -> document.issuePublicToken("tok-1", at(0), Duration.ofHours(1)));
        assertTrue(document.publicTokens().isEmpty());
    }

    @Test
    void making_a_document_private_revokes_its_tokens_for_good() {
        Document document = newDocument(Visibility.PUBLIC);
        document.issuePublicToken("tok-1", at(0), Duration.ofHours(1));
        document.issuePublicToken("tok-2", at(0), Duration.ofHours(1));

        document.changeVisibility(Visibility.PRIVATE, at(5));

        assertFalse(document.acceptsPublicToken("tok-1", at(6)));
        assertTrue(document.publicTokens().stream().allMatch(t -> t.revokedAt().equals(java.util.Optional.of(at(5)))));

        document.changeVisibility(Visibility.PUBLIC, at(7));
        assertFalse(document.acceptsPublicToken("tok-1", at(8)));
        assertFalse(document.acceptsPublicToken("tok-2", at(8)));
    }

    @Test
    void a_revoked_token_grants_nothing_and_others_stay_valid() {
        Document document = newDocument(Visibility.PUBLIC);
        document.issuePublicToken("tok-1", at(0), Duration.ofHours(1));
        document.issuePublicToken("tok-2", at(0), Duration.ofHours(1));

        document.revokePublicToken("tok-1", at(1));

        assertFalse(document.acceptsPublicToken("tok-1", at(2)));
        assertTrue(document.acceptsPublicToken("tok-2", at(2)));
        assertThrows(DocumentException.NotFound.class, () -> document.revokePublicToken("nope", at(2)));
    }

    @Test
    void token_ids_are_unique_and_lifetimes_are_bounded() {
        Document document = newDocument(Visibility.PUBLIC);
        document.issuePublicToken("tok-1", at(0), Duration.ofHours(1));

        assertThrows(DocumentException.Conflict.class,
                () -> document.issuePublicToken("tok-1", at(0), Duration.ofHours(1)));
        assertThrows(DocumentException.InvalidInput.class,
                () -> document.issuePublicToken("tok-2", at(0), Duration.ZERO));
        assertThrows(DocumentException.InvalidInput.class,
                () -> document.issuePublicToken("tok-3", at(0), Document.MAX_TOKEN_LIFETIME.plusSeconds(1)));
        assertEquals(1, document.publicTokens().size());
    }

    @Test
    void tokens_make_no_version() {
        Document document = newDocument(Visibility.PUBLIC);
        document.issuePublicToken("tok-1", at(0), Duration.ofHours(1));
        document.changeVisibility(Visibility.PRIVATE, at(1));

        assertTrue(document.versions().isEmpty());
    }
}
