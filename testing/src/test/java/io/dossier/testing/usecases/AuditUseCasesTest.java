package io.dossier.testing.usecases;

import io.dossier.application.port.in.AuditUseCase;
import io.dossier.application.port.in.PublicTokenUseCase;
import io.dossier.application.port.in.TagDocumentUseCase;
import io.dossier.application.port.in.VerifyContentUseCase;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.AuditEntry.Action;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Version;
import io.dossier.domain.Visibility;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.dossier.testing.usecases.Core.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail through the use cases: what is recorded, who may read it, and what verification finds. */
class AuditUseCasesTest {
    private final Core core = new Core();
    private final AuditUseCase audit = core.dossier.audit();

    private List<Action> actionsOf(Document document) {
        List<AuditEntry> found = audit.find(core.alice, new io.dossier.domain.AuditQuery(Optional.of(document.id()), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()), 0, 100);
        List<Action> actions = new ArrayList<>(found.stream().map(AuditEntry::action).toList());
        java.util.Collections.reverse(actions);
        return actions;
    }

    private List<AuditUseCase.Break> verify() {
        List<AuditUseCase.Break> breaks = new ArrayList<>();
        audit.verify(Optional.of(TENANT), breaks::add);
        return breaks;
    }

    @Test
    void every_change_and_read_is_recorded_with_who_did_it() throws Exception {
        Document document = core.createWith("first", Visibility.PUBLIC);
        Version second = core.replace(document.id(), "second");
        core.dossier.tags().tag(new TagDocumentUseCase.Command(core.bob, document.id(), "reviewed", 1, "t"));
        var token = core.dossier.publicTokens().issue(new PublicTokenUseCase.IssueCommand(core.alice, document.id(),
                Duration.ofDays(1)));
        try (InputStream in = core.dossier.content().open(core.bob, document.id(), Optional.empty()).open(Optional.empty())) {
            in.readAllBytes();
        }
        core.dossier.publicTokens().resolve(new PublicTokenUseCase.Presented(TENANT, document.id(), token.token().id()));
        core.dossier.deleteDocument().delete(core.alice, document.id());
        core.dossier.keepRecords().restoreFromTrash(core.alice, document.id());

        assertEquals(List.of(Action.DOCUMENT_CREATED, Action.VERSION_CREATED, Action.VERSION_CREATED, Action.TAG_SET,
                Action.TOKEN_ISSUED, Action.CONTENT_READ, Action.TOKEN_USED, Action.DELETED, Action.RESTORED_FROM_TRASH),
                actionsOf(document));
        List<AuditEntry> entries = audit.find(core.alice, io.dossier.domain.AuditQuery.ALL, 0, 100);
        AuditEntry tagged = entries.stream().filter(e -> e.action() == Action.TAG_SET).findFirst().orElseThrow();
        assertEquals("User/bob", tagged.actor());
        assertEquals("reviewed=1", tagged.detail());
        AuditEntry read = entries.stream().filter(e -> e.action() == Action.CONTENT_READ).findFirst().orElseThrow();
        assertEquals(Optional.of(second.number().value()), read.version());
        assertTrue(entries.stream().filter(e -> e.action() == Action.VERSION_CREATED).anyMatch(e ->
                e.detail().contains(second.content().sha256())), "a version's entry names its SHA-256");
        assertEquals(List.of(), verify());
    }

    @Test
    void retentions_holds_and_purges_are_recorded() {
        Document document = core.createWith("contract");
        core.dossier.keepRecords().retain(new io.dossier.application.port.in.KeepRecordsUseCase.Retain(core.alice,
                document.id(), core.clock.instant().plus(Duration.ofDays(1))));
        core.dossier.keepRecords().placeLegalHold(new io.dossier.application.port.in.KeepRecordsUseCase.Hold(core.alice,
                document.id(), "case 9"));
        core.dossier.keepRecords().liftLegalHold(core.alice, document.id());
        core.clock.advance(Duration.ofDays(2));
        core.dossier.keepRecords().purge(TENANT, document.id());
        assertEquals(List.of(Action.DOCUMENT_CREATED, Action.VERSION_CREATED, Action.RETENTION_SET,
                Action.LEGAL_HOLD_PLACED, Action.LEGAL_HOLD_LIFTED, Action.PURGED), actionsOf(document));
    }

    @Test
    void a_refused_change_records_nothing() {
        Document document = core.createWith("kept");
        core.dossier.keepRecords().placeLegalHold(new io.dossier.application.port.in.KeepRecordsUseCase.Hold(core.alice,
                document.id(), "case"));
        int before = audit.find(core.alice, io.dossier.domain.AuditQuery.ALL, 0, 100).size();
        assertThrows(DocumentException.Conflict.class, () -> core.dossier.deleteDocument().delete(core.alice,
                document.id()));
        assertEquals(before, audit.find(core.alice, io.dossier.domain.AuditQuery.ALL, 0, 100).size());
    }

    @Test
    void only_the_audit_permission_reads_the_trail_and_only_of_its_own_tenant() {
        core.createWith("secret");
        assertThrows(DocumentException.PermissionDenied.class,
                () -> audit.find(core.reader, io.dossier.domain.AuditQuery.ALL, 0, 10));
        assertThrows(DocumentException.PermissionDenied.class,
                () -> audit.find(core.writeOnly, io.dossier.domain.AuditQuery.ALL, 0, 10));
        assertTrue(audit.find(core.stranger, io.dossier.domain.AuditQuery.ALL, 0, 10).isEmpty());
        assertThrows(DocumentException.InvalidInput.class, () -> audit.find(core.alice, io.dossier.domain.AuditQuery.ALL, 0, 0));
    }

    @Test
    void verification_names_the_first_entry_that_was_altered_removed_or_moved() {
        Document document = core.createWith("one");
        core.replace(document.id(), "two");
        core.replace(document.id(), "three");
        // Entries 1..4: created, versions 1, 2, 3.
        assertEquals(List.of(), verify());

        core.audit.tamper(Optional.of(TENANT), 2, e -> new AuditEntry(e.tenant(), e.sequence(), e.at(), "User/nobody",
                e.action(), e.document(), e.version(), e.detail(), e.previousHash(), e.hash()));
        List<AuditUseCase.Break> altered = verify();
        assertEquals(1, altered.size(), altered.toString());
        assertEquals(2, altered.get(0).sequence());
        assertTrue(altered.get(0).problem().contains("altered"), altered.get(0).problem());

        Core removed = new Core();
        Document d = removed.createWith("one");
        removed.replace(d.id(), "two");
        removed.audit.tamper(Optional.of(TENANT), 2, e -> null);
        List<AuditUseCase.Break> gap = new ArrayList<>();
        removed.dossier.audit().verify(Optional.of(TENANT), gap::add);
        assertEquals(2, gap.get(0).sequence());
        assertTrue(gap.get(0).problem().contains("missing"), gap.get(0).problem());

        Core cut = new Core();
        Document c = cut.createWith("one");
        cut.replace(c.id(), "two");
        cut.audit.tamper(Optional.of(TENANT), 3, e -> null);
        List<AuditUseCase.Break> tail = new ArrayList<>();
        cut.dossier.audit().verify(Optional.empty(), tail::add);
        assertEquals(3, tail.get(0).sequence(), "the newest entry removed shows against the chain's head");

        Core resealed = new Core();
        Document r = resealed.createWith("one");
        resealed.replace(r.id(), "two");
        // Rewritten with a valid hash of its own: the next entry no longer follows it.
        resealed.audit.tamper(Optional.of(TENANT), 2, e -> AuditEntry.chained(e.sequence(), e.previousHash(),
                new AuditEntry.Event(e.tenant(), e.at(), "User/nobody", e.action(), e.document(), e.version(), e.detail())));
        List<AuditUseCase.Break> forged = new ArrayList<>();
        resealed.dossier.audit().verify(Optional.of(TENANT), forged::add);
        assertEquals(3, forged.get(0).sequence(), forged.toString());
    }

    @Test
    void integrity_failures_and_refused_authentications_are_recorded() {
        Document document = core.createWith("fine");
        core.store.plant(document.currentVersion().orElseThrow().content().storageKey(), Core.bytes("rotten"),
                core.clock.instant());
        core.dossier.verifyContent().verify(VerifyContentUseCase.Scope.ALL, f -> { });
        AuditEntry failure = audit.find(core.alice, new io.dossier.domain.AuditQuery(Optional.empty(), Optional.empty(),
                Optional.of(Action.INTEGRITY_FAILURE), Optional.empty(), Optional.empty()), 0, 10).get(0);
        assertEquals(Optional.of(document.id()), failure.document());
        assertEquals(Optional.of(1), failure.version());

        audit.refusedAuthentication("192.0.2.7", "unknown API key");
        List<AuditUseCase.Break> breaks = new ArrayList<>();
        AuditUseCase.Verification verification = audit.verify(Optional.empty(), breaks::add);
        assertEquals(2, verification.chains(), "the tenant's and the service's own");
        assertEquals(List.of(), breaks);
    }
}
