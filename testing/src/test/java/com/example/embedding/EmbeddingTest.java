package com.example.embedding;

import io.dossier.application.Dossier;
import io.dossier.application.port.in.CreateDocumentUseCase;
import io.dossier.application.port.in.NewContent;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.ReplaceContentUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.domain.Author;
import io.dossier.domain.Document;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.TenantId;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import io.dossier.testing.InMemoryContentStore;
import io.dossier.testing.InMemoryDocuments;
import io.dossier.testing.InMemoryTransactions;
import io.dossier.testing.InMemoryUploadTickets;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an application that embeds the core writes: only public API, outside Dossier's packages.
 * The README's "Embedding the core" section shows this code, shortened.
 */
class EmbeddingTest {

    private static NewContent text(String text) {
        return NewContent.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "letter.txt",
                "text/plain", 10 * 1024 * 1024);
    }

    @Test
    void create_replace_twice_tag_and_read_version_1_back() throws Exception {
        InMemoryDocuments documents = new InMemoryDocuments();
        InMemoryUploadTickets tickets = new InMemoryUploadTickets(documents);
        Dossier dossier = Dossier.builder()
                .documents(documents)
                .contentStore(new InMemoryContentStore())
                .uploadTickets(tickets)
                .transactions(new InMemoryTransactions(documents, tickets))
                .build();
        Principal me = Principal.fullAccess(new TenantId("acme"), new Author("User/1", "Ada"));

        Document letter = dossier.createDocument().create(new CreateDocumentUseCase.Command(me, Filing.UNFILED,
                Metadata.named("Letter"), Visibility.PRIVATE, Optional.of(text("first draft"))));
        dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(me, letter.id(), text("second")));
        dossier.replaceContent().replaceContent(new ReplaceContentUseCase.Command(me, letter.id(), text("final")));
        dossier.tags().tag(new TagDocumentUseCase.Command(me, letter.id(), "status:resistant", 1, "trace-1"));

        String first;
        try (InputStream in = dossier.content()
                .open(me, letter.id(), Optional.of(VersionNumber.of(1)))
                .open(Optional.empty())) {
            first = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertEquals("first draft", first);
        assertEquals(3, dossier.listVersions().versions(me, letter.id()).size());
        assertEquals("status:resistant", dossier.tags().tags(me, letter.id()).get(0).name());
        assertEquals(3, dossier.getDocument().get(me, letter.id()).currentVersion().orElseThrow().number().value());
    }
}
