package io.dossier.adapter.persistence;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.domain.Document;
import io.dossier.domain.SearchQuery;
import io.dossier.testing.contract.DocumentSearchContract;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@link DocumentSearch} contract against PostgreSQL, and what its migrations owe entries written before. */
class JdbiSearchTest extends DocumentSearchContract {
    private static final DocumentSearch SEARCH = TestDatabase.persistence().search();

    @Override
    protected DocumentSearch search() {
        return SEARCH;
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }

    @Test
    void entries_written_before_joined_words_were_split_get_their_parts_from_the_migration() throws Exception {
        Document named = document("Käsebrot.png", "filed under reports/2026/haushalt.xlsx");
        // The entry as one was written before: the words as PostgreSQL's parser gives them, no pairs.
        execute("""
                UPDATE search_entries
                   SET fields_words = setweight(to_tsvector('simple', dossier_fold(name)), 'A'),
                       body_words = setweight(to_tsvector('simple', dossier_fold(body)), 'D'),
                       words = setweight(to_tsvector('simple', dossier_fold(name)), 'A')
                               || setweight(to_tsvector('simple', dossier_fold(body)), 'D'),
                       pairs = ''
                 WHERE document_id = '%s'""".formatted(named.id().value()));
        assertEquals(List.of(), ids(SearchQuery.words("kasebrot")));
        assertEquals(List.of(), ids(SearchQuery.words("haushalt")));

        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V14__parts_of_joined_words.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String update = migration.substring(migration.indexOf("UPDATE search_entries")).strip();
        execute(update.substring(0, update.length() - 1) + " AND document_id = '" + named.id().value() + "'");

        for (String words : List.of("kasebrot", "Käsebrot.png", "haushalt", "\"haushalt xlsx\"", "reports 2026")) {
            assertEquals(List.of(named.id()), ids(SearchQuery.words(words)), words);
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
