package io.dossier.adapter.persistence;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.DocumentId;
import io.dossier.domain.SearchQuery;
import io.dossier.testing.contract.DocumentSearchContract;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@link DocumentSearch} contract against PostgreSQL with a rank window of three matches,
 * so that ranking and paging cross windows with the few documents a test makes; and what a
 * window means.
 */
class JdbiSearchSmallWindowTest extends DocumentSearchContract {
    private static final DocumentSearch SEARCH = TestDatabase.persistence().search("simple", 3);

    @Override
    protected DocumentSearch search() {
        return SEARCH;
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }

    @Test
    void the_newest_matches_are_ranked_among_themselves_then_the_next_window() {
        // Made oldest first: the best match is the oldest, so it ranks first only in its own window.
        DocumentId best = document("osprey osprey osprey", "osprey").id();
        DocumentId weak1 = document("first", "osprey").id();
        DocumentId weak2 = document("second", "osprey and more words").id();
        DocumentId strong = document("osprey", "osprey osprey").id();
        DocumentId weak3 = document("third", "osprey").id();
        DocumentId good = document("osprey nest", null).id();

        List<DocumentId> hits = ids(SearchQuery.words("osprey"));

        assertEquals(6, hits.size());
        // Window one: the three newest (good, weak3, strong), by rank; then the next three.
        assertEquals(List.of(strong, good, weak3), hits.subList(0, 3));
        assertEquals(best, hits.get(3));
        assertEquals(java.util.Set.of(weak1, weak2), java.util.Set.copyOf(hits.subList(4, 6)));
    }
}
