package io.dossier.application.port.out;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * Finds documents by their words and what they are. Fed with every document as saved and with
 * the text of current versions; asked within one tenant and one reach, so that nothing outside
 * them is found, counted or quoted. A document that is deleted is no longer found.
 */
public interface DocumentSearch {
    /** How much of a version's text is searched (and quoted): the first this many characters. */
    int MAX_TEXT_CHARS = 200_000;

    /** Keeps what is searchable about a document as saved; joins the caller's unit of work. */
    void index(Document document);

    /**
     * The text of the content with this SHA-256: searchable while the document's current version
     * has that content. At most {@link #MAX_TEXT_CHARS} of it are kept.
     */
    void indexText(TenantId tenant, DocumentId documentId, String contentSha256, String text);

    /**
     * Up to {@code limit} documents of the tenant in reach that match, best first when words are
     * asked for (oldest first otherwise), in a stable order, after the query's cursor. So that a
     * word held by half the documents costs no more than a rare one, an implementation may rank
     * the newest matches in windows of a fixed size, each window best first, newer windows first;
     * every match still comes exactly once across the pages.
     */
    Hits search(TenantId tenant, Reach reach, SearchQuery query, int limit);

    /** One page: the hits and, when more may follow, the cursor of the next page. */
    record Hits(List<Hit> hits, Optional<String> next) {
        public Hits {
            hits = List.copyOf(hits);
        }
    }

    /** A document found, how well it matches (higher is better) and a passage with the words marked. */
    record Hit(DocumentId documentId, double rank, Optional<String> snippet) {
    }

    /** For a core without search: nothing is kept and every search is refused. */
    DocumentSearch NONE = new DocumentSearch() {
        @Override
        public void index(Document document) {
        }

        @Override
        public void indexText(TenantId tenant, DocumentId documentId, String contentSha256, String text) {
        }

        @Override
        public Hits search(TenantId tenant, Reach reach, SearchQuery query, int limit) {
            throw new io.dossier.domain.DocumentException.Unavailable("no search is configured", null);
        }
    };
}
