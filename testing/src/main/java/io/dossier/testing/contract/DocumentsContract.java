package io.dossier.testing.contract;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Metadata;
import io.dossier.domain.Version;
import io.dossier.domain.VersionNumber;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dossier.testing.contract.Fixtures.AUTHOR;
import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static io.dossier.testing.contract.Fixtures.content;
import static io.dossier.testing.contract.Fixtures.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Documents} implementation must do. The store may be shared between tests:
 * each test works on documents (and, where it counts, a tenant) of its own.
 */
public abstract class DocumentsContract {

    /** The store under test; may be shared between tests (each test uses its own documents). */
    protected abstract Documents documents();

    private long number() {
        return documents().nextNumber(TENANT);
    }

    @Test
    void a_saved_document_is_found_again_with_everything_it_holds() {
        Documents store = documents();
        Document document = Document.create(new DocumentId(UUID.randomUUID()), number(), TENANT,
                new Filing.Project(7, 8), new Metadata("Report", "yearly", Map.of("folderId", "17")),
                Visibility.PUBLIC, AUTHOR, now());
        ContentRef first = content("first");
        document.replaceContent(first, Optional.empty(), AUTHOR, now(), Optional.empty());
        document.tag("status:resistant", 3, now(), "trace-1");
        document.tag("draft", 1, now(), "");
        document.changeMetadata(new Metadata("Report v2", "", Map.of()), AUTHOR, now());
        document.issuePublicToken("tok-1", now(), Duration.ofDays(1));
        Document saved = store.save(document);
        assertEquals(1, saved.revision());

        Document found = store.find(TENANT, document.id()).orElseThrow();
        assertSameDocument(document, found);
        assertEquals(saved.revision(), found.revision());
        assertSameDocument(document, store.findByNumber(TENANT, document.number()).orElseThrow());
    }

    @Test
    void documents_of_another_tenant_do_not_exist() {
        Document document = documents().save(Fixtures.newDocument(TENANT, number()));
        assertTrue(documents().find(OTHER_TENANT, document.id()).isEmpty());
        assertTrue(documents().findByNumber(OTHER_TENANT, document.number()).isEmpty());
        assertFalse(documents().delete(OTHER_TENANT, document.id()));
        assertTrue(documents().find(TENANT, document.id()).isPresent());
    }

    @Test
    void unknown_documents_are_not_found() {
        assertTrue(documents().find(TENANT, new DocumentId(UUID.randomUUID())).isEmpty());
        assertTrue(documents().findByNumber(TENANT, Long.MAX_VALUE).isEmpty());
        assertFalse(documents().delete(TENANT, new DocumentId(UUID.randomUUID())));
    }

    @Test
    void a_change_saved_from_a_stale_copy_is_a_conflict_not_a_lost_update() {
        Document created = documents().save(Fixtures.newDocument(TENANT, number()));
        Document first = documents().find(TENANT, created.id()).orElseThrow();
        Document second = documents().find(TENANT, created.id()).orElseThrow();
        first.replaceContent(content("a"), Optional.empty(), AUTHOR, now(), Optional.empty());
        documents().save(first);
        second.replaceContent(content("b"), Optional.empty(), AUTHOR, now(), Optional.empty());
        assertThrows(DocumentException.Conflict.class, () -> documents().save(second));
        Document stored = documents().find(TENANT, created.id()).orElseThrow();
        assertEquals(1, stored.versions().size());
        assertEquals(first.currentVersion().orElseThrow().content(), stored.currentVersion().orElseThrow().content());
    }

    @Test
    void saving_a_new_document_twice_is_a_conflict() {
        Document document = Fixtures.newDocument(TENANT, number());
        documents().save(document);
        assertThrows(DocumentException.Conflict.class, () -> documents().save(document));
    }

    @Test
    void a_number_is_unique_within_its_tenant_only() {
        var other = new io.dossier.domain.TenantId("u" + UUID.randomUUID().toString().substring(0, 8));
        long number = number();
        documents().save(Fixtures.newDocument(TENANT, number));
        Document elsewhere = documents().save(Fixtures.newDocument(other, number));
        assertEquals(number, documents().findByNumber(other, number).orElseThrow().number());
        assertEquals(elsewhere.id(), documents().findByNumber(other, number).orElseThrow().id());
        assertThrows(DocumentException.Conflict.class, () -> documents().save(Fixtures.newDocument(TENANT, number)));
    }

    @Test
    void documents_created_at_the_same_time_are_all_saved_and_a_duplicate_fails_only_its_caller() throws Exception {
        Document taken = Fixtures.newDocument(TENANT, number());
        documents().save(taken);
        int callers = 24;
        List<Document> all = new ArrayList<>();
        for (int i = 0; i < callers - 1; i++) {
            all.add(Fixtures.newDocument(TENANT, number()));
        }
        all.add(callers / 2, taken);

        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Document>> saves = new ArrayList<>();
            for (Document document : all) {
                saves.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return documents().save(document);
                }));
            }
            for (int i = 0; i < saves.size(); i++) {
                Future<Document> save = saves.get(i);
                if (all.get(i) == taken) {
                    java.util.concurrent.ExecutionException refused = assertThrows(
                            java.util.concurrent.ExecutionException.class, () -> save.get(60, TimeUnit.SECONDS));
                    assertTrue(refused.getCause() instanceof DocumentException.Conflict, refused.toString());
                } else {
                    assertEquals(all.get(i).id(), save.get(60, TimeUnit.SECONDS).id());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (Document document : all) {
            Document found = documents().find(TENANT, document.id()).orElseThrow();
            assertEquals(document.number(), found.number());
            assertEquals(document.metadata(), found.metadata());
        }
    }

    @Test
    void saving_a_deleted_document_is_a_conflict() {
        Document created = documents().save(Fixtures.newDocument(TENANT, number()));
        Document loaded = documents().find(TENANT, created.id()).orElseThrow();
        assertTrue(documents().delete(TENANT, created.id()));
        loaded.tag("x", 1, now(), "");
        assertThrows(DocumentException.Conflict.class, () -> documents().save(loaded));
        assertTrue(documents().find(TENANT, created.id()).isEmpty());
    }

    @Test
    void numbers_are_never_handed_out_twice() throws Exception {
        Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> draws = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                draws.add(pool.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        assertTrue(seen.add(documents().nextNumber(TENANT)));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> draw : draws) {
                draw.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals(200, seen.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Numbers are counted per tenant: what one tenant draws tells nothing of another's count. */
    @Test
    void each_tenant_counts_its_own_numbers_from_one() {
        var first = new io.dossier.domain.TenantId("n" + UUID.randomUUID().toString().substring(0, 8));
        var second = new io.dossier.domain.TenantId("n" + UUID.randomUUID().toString().substring(0, 8));
        assertEquals(1, documents().nextNumber(first));
        for (int i = 0; i < 40; i++) {
            documents().nextNumber(first);
        }
        assertEquals(1, documents().nextNumber(second));
        long previous = 1;
        for (int i = 0; i < 40; i++) {
            long next = documents().nextNumber(second);
            assertTrue(next > previous, "numbers increase");
            previous = next;
        }
    }

    /** An import keeps its documents' numbers; later new ones come after them, drawn before or not. */
    @Test
    void numbers_reserved_through_n_are_never_drawn_again() {
        var tenant = new io.dossier.domain.TenantId("r" + UUID.randomUUID().toString().substring(0, 8));
        assertEquals(1, documents().nextNumber(tenant));
        documents().reserveNumbersThrough(tenant, 500);
        assertTrue(documents().nextNumber(tenant) > 500);
        documents().reserveNumbersThrough(tenant, 3);
        long next = documents().nextNumber(tenant);
        assertTrue(next > 501, "a lower reservation takes nothing back: " + next);
        var fresh = new io.dossier.domain.TenantId("r" + UUID.randomUUID().toString().substring(0, 8));
        documents().reserveNumbersThrough(fresh, 7);
        assertTrue(documents().nextNumber(fresh) > 7);
    }

    @Test
    void the_tenants_are_those_holding_documents() {
        var tenant = new io.dossier.domain.TenantId("a" + UUID.randomUUID().toString().substring(0, 8));
        assertFalse(documents().tenants().contains(tenant));
        documents().save(Fixtures.newDocument(tenant, documents().nextNumber(tenant)));
        List<io.dossier.domain.TenantId> tenants = documents().tenants();
        assertTrue(tenants.contains(tenant));
        assertEquals(tenants.stream().map(io.dossier.domain.TenantId::value).sorted().toList(),
                tenants.stream().map(io.dossier.domain.TenantId::value).toList());
        assertEquals(tenants.size(), new java.util.HashSet<>(tenants).size());
    }

    @Test
    void list_pages_through_a_tenants_documents_oldest_first() {
        var tenant = new io.dossier.domain.TenantId("t" + UUID.randomUUID().toString().substring(0, 8));
        List<DocumentId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Document d = Document.create(new DocumentId(UUID.randomUUID()), number(), tenant, Filing.UNFILED,
                    Metadata.named("d" + i), Visibility.PRIVATE, AUTHOR, Fixtures.T0.plusSeconds(i));
            documents().save(d);
            ids.add(d.id());
        }
        assertEquals(5, documents().count(tenant));
        assertEquals(ids.subList(0, 2), documents().list(tenant, 0, 2).stream().map(Document::id).toList());
        assertEquals(ids.subList(2, 4), documents().list(tenant, 2, 2).stream().map(Document::id).toList());
        assertEquals(ids.subList(4, 5), documents().list(tenant, 4, 2).stream().map(Document::id).toList());
        assertEquals(0, documents().list(tenant, 5, 2).size());
    }

    @Test
    void a_client_scope_leaves_out_documents_of_other_clients_only() {
        var tenant = new io.dossier.domain.TenantId("s" + UUID.randomUUID().toString().substring(0, 8));
        List<Filing> filings = List.of(new Filing.Project(1, 10), new Filing.Project(2, 20), Filing.UNFILED,
                new Filing.Patient(5), new Filing.Project(1, 11));
        List<DocumentId> ids = new ArrayList<>();
        for (int i = 0; i < filings.size(); i++) {
            Document d = Document.create(new DocumentId(UUID.randomUUID()), number(), tenant, filings.get(i),
                    Metadata.named("d" + i), Visibility.PRIVATE, AUTHOR, Fixtures.T0.plusSeconds(i));
            documents().save(d);
            ids.add(d.id());
        }
        Optional<Set<Long>> client1 = Optional.of(Set.of(1L));
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3), ids.get(4)),
                documents().list(tenant, client1, 0, 10).stream().map(Document::id).toList());
        assertEquals(List.of(ids.get(2), ids.get(3)),
                documents().list(tenant, client1, 1, 2).stream().map(Document::id).toList());
        assertEquals(4, documents().count(tenant, client1));
        assertEquals(2, documents().count(tenant, Optional.of(Set.of())));
        assertEquals(5, documents().count(tenant, Optional.empty()));
    }

    @Test
    void a_patient_scope_leaves_out_documents_of_other_patients_only() {
        var tenant = new io.dossier.domain.TenantId("p" + UUID.randomUUID().toString().substring(0, 8));
        List<Filing> filings = List.of(new Filing.Patient(5), new Filing.Patient(6), Filing.UNFILED,
                new Filing.Project(1, 10));
        List<DocumentId> ids = new ArrayList<>();
        for (int i = 0; i < filings.size(); i++) {
            Document d = Document.create(new DocumentId(UUID.randomUUID()), number(), tenant, filings.get(i),
                    Metadata.named("d" + i), Visibility.PRIVATE, AUTHOR, Fixtures.T0.plusSeconds(i));
            documents().save(d);
            ids.add(d.id());
        }
        io.dossier.domain.Reach patient5 = new io.dossier.domain.Reach(Optional.empty(), Optional.of(Set.of(5L)));
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)),
                documents().list(tenant, patient5, 0, 10).stream().map(Document::id).toList());
        assertEquals(3, documents().count(tenant, patient5));
        assertEquals(4, documents().count(tenant, io.dossier.domain.Reach.ALL));
    }

    @Test
    void an_object_is_referenced_while_a_committed_version_names_it() {
        Document document = Fixtures.newDocument(TENANT, number());
        ContentRef content = content("kept");
        StorageKey key = content.storageKey();
        assertFalse(documents().references(key));
        document.replaceContent(content, Optional.empty(), AUTHOR, now(), Optional.empty());
        documents().save(document);
        assertTrue(documents().references(key));
        assertFalse(documents().references(new StorageKey(key.repositoryId(), key.key() + "x")));
        assertFalse(documents().references(new StorageKey("elsewhere", key.key())));
        documents().delete(TENANT, document.id());
        assertFalse(documents().references(key));
    }

    @Test
    void concurrent_replacements_make_gapless_versions_without_losing_any() throws Exception {
        Document created = documents().save(Fixtures.newDocument(TENANT, number()));
        created = documents().find(TENANT, created.id()).orElseThrow();
        created.replaceContent(content("v1"), Optional.empty(), AUTHOR, now(), Optional.empty());
        documents().save(created);
        DocumentId id = created.id();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                int conflicts = 0;
                for (int i = 0; i < perThread; i++) {
                    ContentRef c = content("t" + thread + "-" + i);
                    while (true) {
                        Document d = documents().find(TENANT, id).orElseThrow();
                        d.replaceContent(c, Optional.empty(), AUTHOR, now(), Optional.empty());
                        try {
                            documents().save(d);
                            break;
                        } catch (DocumentException.Conflict retry) {
                            conflicts++;
                        }
                    }
                }
                return conflicts;
            }));
        }
        for (Future<Integer> result : results) {
            result.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        Document done = documents().find(TENANT, id).orElseThrow();
        List<Version> versions = done.versions();
        assertEquals(1 + threads * perThread, versions.size());
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(VersionNumber.of(i + 1), versions.get(i).number());
        }
        assertEquals(versions.size(), versions.stream().map(v -> v.content().contentStreamId()).distinct().count(),
                "every replacement is kept once");
    }

    // ---- retention, legal hold, trash -----------------------------------------------------

    private static io.dossier.domain.TenantId ownTenant() {
        return new io.dossier.domain.TenantId("k" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void retention_and_legal_hold_are_saved_with_a_new_document_and_with_a_change() {
        Document fresh = Fixtures.newDocument(TENANT, number());
        fresh.retainUntil(Fixtures.T0.plus(Duration.ofDays(3650)), Fixtures.T0);
        fresh.placeLegalHold("case 17", AUTHOR, now());
        documents().save(fresh);
        Document found = documents().find(TENANT, fresh.id()).orElseThrow();
        assertSameDocument(fresh, found);

        found.liftLegalHold(now());
        found.retainUntil(Fixtures.T0.plus(Duration.ofDays(4000)), Fixtures.T0);
        documents().save(found);
        Document damaged = documents().find(TENANT, fresh.id()).orElseThrow();
        damaged.replaceContent(content("one"), Optional.empty(), AUTHOR, now(), Optional.empty());
        damaged.replaceContent(content("two"), Optional.empty(), AUTHOR, now(), Optional.empty());
        damaged.markDamaged(VersionNumber.of(2), "digest: SHA-256 differs", now());
        damaged.markDamaged(VersionNumber.FIRST, "missing: no object", now());
        documents().save(damaged);
        assertSameDocument(damaged, documents().find(TENANT, fresh.id()).orElseThrow());
        assertEquals(List.of(1, 2), documents().find(TENANT, fresh.id()).orElseThrow().keeping().damaged().stream()
                .map(io.dossier.domain.Keeping.Damage::version).toList());
        Document again = documents().find(TENANT, fresh.id()).orElseThrow();
        assertEquals(Optional.empty(), again.keeping().legalHold());
        assertEquals(Optional.of(Fixtures.T0.plus(Duration.ofDays(4000))), again.keeping().retainUntil());
    }

    @Test
    void a_document_in_the_trash_is_found_only_by_the_reads_of_the_trash() {
        var tenant = ownTenant();
        Document kept = Fixtures.newDocument(tenant, documents().nextNumber(tenant));
        Document deleted = Fixtures.newDocument(tenant, documents().nextNumber(tenant));
        ContentRef content = content("in the trash");
        deleted.replaceContent(content, Optional.empty(), AUTHOR, now(), Optional.empty());
        documents().save(kept);
        Document saved = documents().save(deleted);
        saved.moveToTrash(AUTHOR, now());
        documents().save(saved);

        assertTrue(documents().find(tenant, deleted.id()).isEmpty());
        assertTrue(documents().findByNumber(tenant, deleted.number()).isEmpty());
        assertEquals(List.of(kept.id()), documents().list(tenant, 0, 10).stream().map(Document::id).toList());
        assertEquals(1, documents().count(tenant));
        Document inTrash = documents().findInTrash(tenant, deleted.id()).orElseThrow();
        assertEquals(AUTHOR, inTrash.keeping().trashed().orElseThrow().by());
        assertEquals(1, inTrash.versions().size(), "the trash keeps every version");
        assertTrue(documents().findInTrash(tenant, kept.id()).isEmpty());
        assertTrue(documents().findInTrash(OTHER_TENANT, deleted.id()).isEmpty());
        assertTrue(documents().references(content.storageKey()), "the objects of a document in the trash stay");

        inTrash.restoreFromTrash(now());
        documents().save(inTrash);
        assertTrue(documents().find(tenant, deleted.id()).isPresent());
        assertTrue(documents().findInTrash(tenant, deleted.id()).isEmpty());
        assertEquals(2, documents().count(tenant));
    }

    @Test
    void the_trash_pages_newest_deletion_first_and_the_sweeper_finds_the_oldest_deletions() {
        var tenant = ownTenant();
        List<DocumentId> byDeletion = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Document d = documents().save(Fixtures.newDocument(tenant, documents().nextNumber(tenant)));
            d.moveToTrash(AUTHOR, Fixtures.T0.plusSeconds(10L * (4 - i)));
            documents().save(d);
            byDeletion.add(0, d.id());
        }
        // byDeletion: oldest deletion first.
        assertEquals(4, documents().countTrash(tenant));
        assertEquals(0, documents().count(tenant));
        List<DocumentId> newestFirst = new ArrayList<>(byDeletion);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst.subList(0, 3), documents().trash(tenant, 0, 3).stream().map(Document::id).toList());
        assertEquals(newestFirst.subList(3, 4), documents().trash(tenant, 3, 3).stream().map(Document::id).toList());
        assertEquals(0, documents().countTrash(OTHER_TENANT.equals(tenant) ? TENANT : ownTenant()));

        List<DocumentId> due = documents().trashedBefore(Fixtures.T0.plusSeconds(20), 100).stream()
                .filter(d -> d.tenant().equals(tenant)).map(Document::id).toList();
        assertEquals(byDeletion.subList(0, 2), due, "deleted at T0+10 s and T0+20 s, the oldest first");
        assertTrue(documents().trashedBefore(Fixtures.T0.plusSeconds(40), 1).size() <= 1);

        assertTrue(documents().delete(tenant, byDeletion.get(0)), "a purge removes a document in the trash");
        assertEquals(3, documents().countTrash(tenant));
    }

    @Test
    void a_document_without_content_has_no_version_after_saving() {
        Document document = documents().save(Fixtures.newDocument(TENANT, number()));
        Document found = documents().find(TENANT, document.id()).orElseThrow();
        assertTrue(found.versions().isEmpty());
        assertTrue(found.currentVersion().isEmpty());
        assertNotEquals(0, found.revision());
    }

    /** Compares everything a document holds, field by field. */
    public static void assertSameDocument(Document expected, Document actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.number(), actual.number());
        assertEquals(expected.tenant(), actual.tenant());
        assertEquals(expected.filing(), actual.filing());
        assertEquals(expected.metadata(), actual.metadata());
        assertEquals(expected.visibility(), actual.visibility());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.createdBy(), actual.createdBy());
        assertEquals(expected.lastModifiedAt(), actual.lastModifiedAt());
        assertEquals(expected.versions(), actual.versions());
        assertEquals(expected.tags(), actual.tags());
        assertEquals(expected.publicTokens(), actual.publicTokens());
        assertEquals(expected.keeping(), actual.keeping());
    }
}
