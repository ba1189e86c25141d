package io.dossier.application.service;

import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.in.SearchDocumentsUseCase;
import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.SearchQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Searches within the principal's tenant and reach, and answers the documents as they are now. */
final class SearchService implements SearchDocumentsUseCase {
    private final DocumentSearch search;
    private final Documents documents;

    SearchService(DocumentSearch search, Documents documents) {
        this.search = search;
        this.documents = documents;
    }

    @Override
    public Found search(Principal principal, SearchQuery query, int limit) {
        principal.require(Permission.READ);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new DocumentException.InvalidInput("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        DocumentSearch.Hits hits = search.search(principal.tenant(), principal.reach(), query, limit);
        List<Match> matches = new ArrayList<>();
        for (DocumentSearch.Hit hit : hits.hits()) {
            // A document deleted since the search ran is left out; reach is checked again on what is loaded.
            Optional<Document> document = documents.find(principal.tenant(), hit.documentId())
                    .filter(d -> principal.reach().includes(d.filing()));
            document.ifPresent(d -> matches.add(new Match(d, hit.rank(), hit.snippet())));
        }
        return new Found(matches, hits.next());
    }
}
