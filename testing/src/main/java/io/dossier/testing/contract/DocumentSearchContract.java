package io.dossier.testing.contract;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Author;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.TenantId;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link DocumentSearch} must do. Each test works in tenants of its own, so that
 * documents other tests leave behind do not count.
 */
public abstract class DocumentSearchContract {

    protected abstract DocumentSearch search();

    protected abstract Documents documents();

    private final TenantId tenant = new TenantId("s" + UUID.randomUUID().toString().substring(0, 8));
    private final TenantId other = new TenantId("o" + UUID.randomUUID().toString().substring(0, 8));
    private Instant clock = Fixtures.now();

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    /** A document as the core saves one: stored, then indexed; with a text when given. */
    private Document document(TenantId in, Filing filing, String name, String description, Map<String, String> properties,
                              String fileName, String mediaType, Optional<String> text, Author author) {
        Document document = Document.create(new DocumentId(UUID.randomUUID()), documents().nextNumber(in), in, filing,
                new Metadata(name, description, properties), Visibility.PRIVATE, author, tick());
        byte[] bytes = (name + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String stream = UUID.randomUUID().toString().toUpperCase();
        document.replaceContent(new ContentRef("default", in + "/" + document.id() + "/" + stream, bytes.length,
                mediaType, fileName, Fixtures.sha256(bytes), stream), Optional.empty(), author, clock, Optional.empty());
        Document saved = save(document);
        text.ifPresent(t -> search().indexText(in, saved.id(), saved.currentVersion().orElseThrow().content().sha256(), t));
        return saved;
    }

    /** A document of this test's tenant, unfiled, with its name and (when not null) its text. */
    protected final Document document(String name, String text) {
        return document(tenant, Filing.UNFILED, name, "", Map.of(), "file.bin", "application/octet-stream",
                Optional.ofNullable(text), AUTHOR);
    }

    private Document save(Document document) {
        Document saved = documents().save(document);
        search().index(saved);
        return saved;
    }

    /** The first page (up to 100 hits) of a search in this test's tenant. */
    protected final List<DocumentId> ids(SearchQuery query) {
        return ids(tenant, Reach.ALL, query);
    }

    private List<DocumentId> ids(TenantId in, Reach reach, SearchQuery query) {
        return search().search(in, reach, query, 100).hits().stream().map(DocumentSearch.Hit::documentId).toList();
    }

    private static SearchQuery q(String words) {
        return SearchQuery.words(words);
    }

    @Test
    void every_field_is_searched() {
        Document byName = document("Zaunkoenig report", null);
        Document byDescription = document(tenant, Filing.UNFILED, "a", "about the zaunkoenig", Map.of(), "x.bin",
                "application/octet-stream", Optional.empty(), AUTHOR);
        Document byProperty = document(tenant, Filing.UNFILED, "b", "", Map.of("bird", "zaunkoenig"), "x.bin",
                "application/octet-stream", Optional.empty(), AUTHOR);
        Document byFileName = document(tenant, Filing.UNFILED, "c", "", Map.of(), "zaunkoenig.pdf", "application/pdf",
                Optional.empty(), AUTHOR);
        Document byText = document("d", "and then the zaunkoenig sang");
        Document byTag = document("e", null);
        byTag.tag("zaunkoenig", 1, tick(), "t");
        byTag = save(byTag);
        document("unrelated", "nothing of the kind");

        assertEquals(Set.of(byName.id(), byDescription.id(), byProperty.id(), byFileName.id(), byText.id(), byTag.id()),
                Set.copyOf(ids(q("zaunkoenig"))));
        assertEquals(List.of(), ids(q("albatross")));
    }

    @Test
    void a_document_in_the_trash_is_not_found_and_is_found_again_with_its_text_when_restored() {
        Document kept = document("Kiebitz notes", null);
        Document written = document("other", "a kiebitz in the text");
        written.moveToTrash(AUTHOR, tick());
        Document deleted = save(written);
        assertEquals(List.of(kept.id()), ids(q("kiebitz")));
        assertEquals(List.of(kept.id()), ids(SearchQuery.all()).stream()
                .filter(id -> id.equals(kept.id()) || id.equals(deleted.id())).toList(), "nor listed by filters");
        deleted.restoreFromTrash(tick());
        save(deleted);
        assertEquals(Set.of(kept.id(), deleted.id()), Set.copyOf(ids(q("kiebitz"))));
    }

    @Test
    void case_and_accents_are_ignored() {
        Document bird = document("Der Zaunkönig", "Grüße von Müller");
        assertEquals(List.of(bird.id()), ids(q("zaunkonig")));
        assertEquals(List.of(bird.id()), ids(q("MULLER")));
    }

    @Test
    void each_part_of_a_file_name_path_or_address_is_found_as_well_as_the_whole() {
        Document byName = document("Käsebrot.png", null);
        Document byDescription = document(tenant, Filing.UNFILED, "a", "scan of rechnung_final.v2.pdf", Map.of(),
                "x.bin", "application/octet-stream", Optional.empty(), AUTHOR);
        Document byProperty = document(tenant, Filing.UNFILED, "b", "", Map.of("source", "www.stadtwerke.example/tarife"),
                "x.bin", "application/octet-stream", Optional.empty(), AUTHOR);
        Document byText = document("c", "filed under reports/2026/haushalt.xlsx, ask anna@kanzlei.example");

        assertEquals(List.of(byName.id()), ids(q("kasebrot")));
        assertEquals(List.of(byName.id()), ids(q("Käsebrot.png")));
        assertEquals(List.of(byDescription.id()), ids(q("rechnung")));
        assertEquals(List.of(byDescription.id()), ids(q("rechnung_final.v2.pdf")));
        assertEquals(List.of(byProperty.id()), ids(q("stadtwerke tarife")));
        assertEquals(List.of(byText.id()), ids(q("haushalt")));
        assertEquals(List.of(byText.id()), ids(q("kanzlei")));
        assertEquals(List.of(byText.id()), ids(q("\"haushalt xlsx\"")));
        assertEquals(List.of(byText.id()), ids(q("anna@kanzlei.example")));
        assertEquals(List.of(), ids(q("kasebrot haushalt")));
    }

    @Test
    void phrases_exclusions_and_alternatives() {
        Document adjacent = document("one", "the quarterly report is late");
        Document apart = document("two", "the report for the quarterly meeting");
        assertEquals(Set.of(adjacent.id(), apart.id()), Set.copyOf(ids(q("quarterly report"))));
        assertEquals(List.of(adjacent.id()), ids(q("\"quarterly report\"")));
        assertEquals(List.of(apart.id()), ids(q("report -late")));
        Document third = document("three", "a zebra");
        assertEquals(Set.of(adjacent.id(), third.id()), Set.copyOf(ids(q("late or zebra"))));
    }

    @Test
    void a_word_in_the_name_ranks_above_one_in_the_text_and_is_quoted() {
        Document inText = document("plain", "somewhere deep inside the albatross waits");
        Document inName = document("Albatross", "nothing else");
        DocumentSearch.Hits hits = search().search(tenant, Reach.ALL, q("albatross"), 10);
        assertEquals(List.of(inName.id(), inText.id()), hits.hits().stream().map(DocumentSearch.Hit::documentId).toList());
        assertTrue(hits.hits().get(0).rank() > hits.hits().get(1).rank());
        String snippet = hits.hits().get(1).snippet().orElseThrow();
        assertTrue(snippet.toLowerCase().contains("<mark>albatross</mark>"), snippet);
    }

    @Test
    void a_snippet_is_escaped() {
        document("page", "<script>alert(1)</script> the albatross");
        String snippet = search().search(tenant, Reach.ALL, q("albatross"), 10).hits().get(0).snippet().orElseThrow();
        assertFalse(snippet.contains("<script>"), snippet);
    }

    @Test
    void another_tenant_with_the_same_words_is_never_seen() {
        Document mine = document("pelican", "pelican pelican");
        document(other, Filing.UNFILED, "pelican", "", Map.of(), "p.txt", "text/plain", Optional.of("pelican"), AUTHOR);

        assertEquals(List.of(mine.id()), ids(q("pelican")));
        assertEquals(List.of(mine.id()), ids(SearchQuery.all()));
        assertEquals(1, ids(other, Reach.ALL, q("pelican")).size());
    }

    @Test
    void reach_limits_what_is_found() {
        Document client1 = document(tenant, new Filing.Project(1, 10), "heron", "", Map.of(), "h.txt", "text/plain",
                Optional.empty(), AUTHOR);
        Document client2 = document(tenant, new Filing.Project(2, 20), "heron", "", Map.of(), "h.txt", "text/plain",
                Optional.empty(), AUTHOR);
        Document patient7 = document(tenant, new Filing.Patient(7), "heron", "", Map.of(), "h.txt", "text/plain",
                Optional.empty(), AUTHOR);

        Reach onlyClient1 = new Reach(Optional.of(Set.of(1L)), Optional.empty());
        assertEquals(Set.of(client1.id(), patient7.id()), Set.copyOf(ids(tenant, onlyClient1, q("heron"))));
        Reach onlyPatient8 = new Reach(Optional.empty(), Optional.of(Set.of(8L)));
        assertEquals(Set.of(client1.id(), client2.id()), Set.copyOf(ids(tenant, onlyPatient8, SearchQuery.all())));
    }

    @Test
    void filters_narrow_and_combine_with_words() {
        Author bob = new Author("User/bob", "Bob");
        Document pdf = document(tenant, new Filing.Patient(5), "ibis", "", Map.of(), "a.pdf", "application/pdf",
                Optional.empty(), AUTHOR);
        Document txt = document(tenant, new Filing.Project(3, 4), "ibis", "", Map.of(), "a.txt", "text/plain",
                Optional.empty(), bob);
        Instant between = clock;
        Document later = document("ibis later", null);
        later.tag("review", 2, tick(), "t");
        later.changeVisibility(Visibility.PUBLIC, clock);
        later = save(later);

        SearchQuery none = SearchQuery.all();
        assertEquals(List.of(pdf.id()), ids(filter(none, "mediaType", "application/pdf")));
        assertEquals(List.of(txt.id()), ids(filter(q("ibis"), "author", "User/bob")));
        assertEquals(List.of(later.id()), ids(filter(none, "tag", "review")));
        assertEquals(List.of(later.id()), ids(filter(filter(none, "tag", "review"), "tagState", 2)));
        assertEquals(List.of(), ids(filter(filter(none, "tag", "review"), "tagState", 3)));
        assertEquals(List.of(later.id()), ids(filter(none, "visibility", Visibility.PUBLIC)));
        assertEquals(List.of(pdf.id()), ids(filter(none, "patient", 5L)));
        assertEquals(List.of(txt.id()), ids(filter(filter(none, "client", 3L), "project", 4L)));
        assertEquals(List.of(), ids(filter(filter(none, "client", 3L), "project", 5L)));
        assertEquals(List.of(pdf.id(), txt.id()), ids(filter(none, "createdTo", between)));
        assertEquals(List.of(later.id()), ids(filter(q("ibis"), "createdFrom", between.plusMillis(1))));
        assertEquals(List.of(later.id()), ids(filter(none, "modifiedFrom", between.plusMillis(1))));
    }

    @Test
    void pages_follow_each_other_without_gaps_or_repeats() {
        Set<DocumentId> all = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            all.add(document("kestrel " + i, i % 2 == 0 ? "kestrel kestrel" : null).id());
        }
        for (SearchQuery query : new SearchQuery[] {q("kestrel"), SearchQuery.all()}) {
            List<DocumentId> seen = new ArrayList<>();
            SearchQuery page = query;
            for (int round = 0; round < 10; round++) {
                DocumentSearch.Hits hits = search().search(tenant, Reach.ALL, page, 5);
                hits.hits().forEach(h -> seen.add(h.documentId()));
                if (hits.next().isEmpty()) {
                    break;
                }
                page = query.after(hits.next().get());
            }
            assertEquals(23, seen.size(), "every document once: " + seen);
            assertEquals(all, Set.copyOf(seen));
        }
        assertThrows(DocumentException.InvalidInput.class,
                () -> search().search(tenant, Reach.ALL, q("kestrel").after("not-a-cursor"), 5));
    }

    @Test
    void the_text_of_content_that_is_no_longer_current_is_not_searched() {
        Document document = document("stork", "the flamingo text");
        assertEquals(List.of(document.id()), ids(q("flamingo")));

        // A metadata change keeps the content: its text stays searchable, phrases too, and the new name's.
        document.changeMetadata(new Metadata("white stork renamed", "", Map.of()), AUTHOR, tick());
        document = save(document);
        assertEquals(List.of(document.id()), ids(q("flamingo")));
        assertEquals(List.of(document.id()), ids(q("\"flamingo text\"")));
        assertEquals(List.of(document.id()), ids(q("\"stork renamed\"")));
        assertEquals(List.of(), ids(q("\"text flamingo\"")));

        byte[] bytes = "other".getBytes(StandardCharsets.UTF_8);
        document.replaceContent(new ContentRef("default", tenant + "/" + document.id() + "/NEW", bytes.length,
                "text/plain", "n.txt", Fixtures.sha256(bytes), "NEW"), Optional.empty(), AUTHOR, tick(), Optional.empty());
        document = save(document);
        assertEquals(List.of(), ids(q("flamingo")));
        assertEquals(List.of(document.id()), ids(q("stork")));
        // A text of content that is not current is not taken.
        search().indexText(tenant, document.id(), Fixtures.sha256("stale".getBytes(StandardCharsets.UTF_8)), "flamingo");
        assertEquals(List.of(), ids(q("flamingo")));
    }

    @Test
    void a_deleted_document_is_not_found() {
        Document document = document("osprey", "osprey");
        assertTrue(documents().delete(tenant, document.id()));
        assertEquals(List.of(), ids(q("osprey")));
        assertEquals(List.of(), ids(SearchQuery.all()));
    }

    /** The query with one filter set, by its parameter name. */
    private static SearchQuery filter(SearchQuery q, String name, Object value) {
        return new SearchQuery(q.text(),
                name.equals("tag") ? Optional.of((String) value) : q.tag(),
                name.equals("tagState") ? Optional.of((Integer) value) : q.tagState(),
                name.equals("mediaType") ? Optional.of((String) value) : q.mediaType(),
                name.equals("createdFrom") ? Optional.of((Instant) value) : q.createdFrom(),
                name.equals("createdTo") ? Optional.of((Instant) value) : q.createdTo(),
                name.equals("modifiedFrom") ? Optional.of((Instant) value) : q.modifiedFrom(),
                name.equals("modifiedTo") ? Optional.of((Instant) value) : q.modifiedTo(),
                name.equals("author") ? Optional.of((String) value) : q.author(),
                name.equals("visibility") ? Optional.of((Visibility) value) : q.visibility(),
                name.equals("patient") ? Optional.of((Long) value) : q.patient(),
                name.equals("client") ? Optional.of((Long) value) : q.client(),
                name.equals("project") ? Optional.of((Long) value) : q.project(),
                q.after());
    }
}
