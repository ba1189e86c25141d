package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import io.dossier.embedded.EmbeddedDatabase;
import io.dossier.testing.contract.Fixtures;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static io.dossier.testing.contract.DocumentsContract.assertSameDocument;
import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static io.dossier.testing.contract.Fixtures.content;
import static io.dossier.testing.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the PostgreSQL adapter promises beyond the port contracts. */
class JdbiPersistenceTest {
    private final Documents documents = TestDatabase.persistence().documents();

    @Test
    void migrating_an_up_to_date_database_again_changes_nothing() throws Exception {
        Document kept = documents.save(Fixtures.newDocument(TENANT, documents.nextNumber(TENANT)));
        JdbiPersistence again = JdbiPersistence.migrate(TestDatabase.dataSource());
        assertTrue(again.isAvailable());
        assertTrue(again.documents().find(TENANT, kept.id()).isPresent());
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet applied = statement.executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            applied.next();
            assertEquals(migrationsShipped(), applied.getInt(1), "each migration is applied once");
        }
    }

    /**
     * Every saved search entry folds three texts. The fold must be inlined into the statement that
     * calls it: a function PostgreSQL cannot inline is parsed and planned again on every call,
     * which once cost a third of the database's time per issued upload.
     */
    @Test
    void words_are_folded_inside_the_statement_not_by_a_function_call() throws Exception {
        try (Connection connection = TestDatabase.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery(
                     "EXPLAIN (VERBOSE, COSTS OFF) SELECT dossier_fold(name) FROM documents")) {
            StringBuilder lines = new StringBuilder();
            while (plan.next()) {
                lines.append(plan.getString(1)).append('\n');
            }
            assertTrue(lines.toString().contains("lower("), lines.toString());
            assertFalse(lines.toString().contains("dossier_fold"), lines.toString());
        }
    }

    @Test
    void a_new_document_whose_number_is_taken_is_a_conflict() {
        long number = documents.nextNumber(TENANT);
        Document first = documents.save(Fixtures.newDocument(TENANT, number));
        assertThrows(DocumentException.Conflict.class,
                () -> documents.save(Fixtures.newDocument(TENANT, number)));
        assertTrue(documents.find(TENANT, first.id()).isPresent());
    }

    @Test
    void a_patient_filing_odd_properties_a_restore_and_revoked_tokens_are_kept() {
        Map<String, String> properties = Map.of("quote\"back\\slash", "line\nbreak", "emoji", "\uD83D\uDCC4 ä",
                "empty", "");
        Document document = Document.create(new DocumentId(UUID.randomUUID()), documents.nextNumber(TENANT), TENANT,
                new Filing.Patient(4711), new Metadata("Befund", "", properties), Visibility.PUBLIC, AUTHOR, now());
        document.replaceContent(content("one"), Optional.empty(), AUTHOR, now(), Optional.empty());
        document.replaceContent(content("two"), Optional.empty(), AUTHOR, now(), Optional.empty());
        document.restoreVersion(VersionNumber.of(1), AUTHOR, now());
        document.issuePublicToken("revoked", now(), Duration.ofHours(1));
        document.changeVisibility(Visibility.PRIVATE, now());
        documents.save(document);

        Document found = documents.find(TENANT, document.id()).orElseThrow();
        assertSameDocument(document, found);
        assertEquals(Optional.of(VersionNumber.of(1)), found.versions().get(2).restoredFrom());
        assertTrue(found.publicTokens().get(0).revokedAt().isPresent());
    }

    @Test
    void a_page_of_documents_gets_each_its_own_versions_tags_and_tokens() {
        TenantId tenant = new TenantId("page-" + UUID.randomUUID().toString().substring(0, 8));
        Document bare = Document.create(new DocumentId(UUID.randomUUID()), documents.nextNumber(tenant), tenant,
                Filing.UNFILED, Metadata.named("bare"), Visibility.PRIVATE, AUTHOR, Fixtures.T0);
        Document full = Document.create(new DocumentId(UUID.randomUUID()), documents.nextNumber(tenant), tenant,
                new Filing.Project(1, 2), Metadata.named("full"), Visibility.PUBLIC, AUTHOR, Fixtures.T0.plusSeconds(1));
        full.replaceContent(content("a"), Optional.empty(), AUTHOR, now(), Optional.empty());
        full.tag("status:resistant", 2, now(), "t");
        full.issuePublicToken("token", now(), Duration.ofDays(1));
        Document other = Document.create(new DocumentId(UUID.randomUUID()), documents.nextNumber(tenant), tenant,
                Filing.UNFILED, Metadata.named("other"), Visibility.PRIVATE, AUTHOR, Fixtures.T0.plusSeconds(2));
        other.replaceContent(content("b"), Optional.empty(), AUTHOR, now(), Optional.empty());
        other.replaceContent(content("c"), Optional.empty(), AUTHOR, now(), Optional.empty());
        other.tag("draft", 1, now(), "");
        List.of(bare, full, other).forEach(documents::save);

        List<Document> page = documents.list(tenant, 0, 10);
        assertEquals(3, page.size());
        assertSameDocument(bare, page.get(0));
        assertSameDocument(full, page.get(1));
        assertSameDocument(other, page.get(2));
    }

    @Test
    void a_ticket_id_of_another_tenant_is_not_overwritten() {
        UploadTickets tickets = TestDatabase.persistence().uploadTickets();
        String id = UUID.randomUUID().toString();
        tickets.save(ticket(id, TENANT));
        assertThrows(DocumentException.Conflict.class, () -> tickets.save(ticket(id, Fixtures.OTHER_TENANT)));
        assertTrue(tickets.find(TENANT, id).isPresent());
        assertTrue(tickets.find(Fixtures.OTHER_TENANT, id).isEmpty());
    }

    @Test
    void a_database_out_of_reach_is_unavailable_not_a_driver_error() {
        JdbiPersistence persistence;
        EmbeddedDatabase gone = EmbeddedDatabase.start(Optional.empty());
        try {
            persistence = JdbiPersistence.migrate(gone.dataSource());
            assertTrue(persistence.isAvailable());
        } finally {
            gone.close();
        }
        Documents unreachable = persistence.documents();
        assertFalse(persistence.isAvailable());
        assertFalse(unreachable.isAvailable());
        assertThrows(DocumentException.Unavailable.class, () -> unreachable.find(TENANT, new DocumentId(UUID.randomUUID())));
        assertThrows(DocumentException.Unavailable.class, () -> unreachable.save(Fixtures.newDocument(TENANT, 1)));
        assertThrows(DocumentException.Unavailable.class, () -> unreachable.nextNumber(TENANT));
        assertThrows(DocumentException.Unavailable.class, () -> persistence.uploadTickets().find(TENANT, "x"));
        assertThrows(DocumentException.Unavailable.class, () -> JdbiPersistence.migrate(gone.dataSource()));
    }

    @Test
    void no_database_library_type_is_public() throws Exception {
        Path classes = Path.of(JdbiPersistence.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JdbiPersistence.class.getPackageName().replace('.', '/'));
        List<Class<?>> publicClasses;
        try (Stream<Path> files = Files.list(classes)) {
            publicClasses = files.map(Path::getFileName).map(Path::toString).filter(name -> name.endsWith(".class"))
                    .<Class<?>>map(name -> load(JdbiPersistence.class.getPackageName() + "." + name.replace(".class", "")))
                    .filter(type -> Modifier.isPublic(type.getModifiers())).toList();
        }
        assertEquals(List.of(JdbiPersistence.class), publicClasses);
        for (Method method : JdbiPersistence.class.getMethods()) {
            Stream.concat(Stream.of(method.getReturnType()), Stream.of(method.getParameterTypes()))
                    .map(Class::getName)
                    .forEach(type -> assertFalse(type.startsWith("org.jdbi") || type.startsWith("org.flywaydb")
                            || type.startsWith("java.sql") || type.startsWith("org.postgresql"), method + " uses " + type));
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long migrationsShipped() throws Exception {
        Path migrations = Path.of(JdbiPersistence.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(migrations)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static UploadTicket ticket(String id, TenantId tenant) {
        String stream = UUID.randomUUID().toString();
        return UploadTicket.issue(id, tenant, new DocumentId(UUID.randomUUID()), "default", tenant + "/" + stream,
                stream, "cat.png", "image/png", 1000, now(), now().plusSeconds(600), AUTHOR, Optional.empty());
    }
}
