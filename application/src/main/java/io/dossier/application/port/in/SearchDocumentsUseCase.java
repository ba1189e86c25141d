package io.dossier.application.port.in;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.SearchQuery;

import java.util.List;
import java.util.Optional;

/** Finds the documents a principal may read by their words and what they are. */
public interface SearchDocumentsUseCase {
    int MAX_LIMIT = 200;

    /**
     * One page of documents that match, best first when words are asked for.
     *
     * @throws DocumentException.InvalidInput for a bad limit or cursor
     */
    Found search(Principal principal, SearchQuery query, int limit);

    record Found(List<Match> matches, Optional<String> next) {
        public Found {
            matches = List.copyOf(matches);
        }
    }

    /** A document as it is now, how well it matched, and a passage with the words marked. */
    record Match(Document document, double rank, Optional<String> snippet) {
    }
}
