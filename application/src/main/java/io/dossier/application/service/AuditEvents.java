package io.dossier.application.service;

import io.dossier.domain.AuditEntry;
import io.dossier.domain.AuditEntry.Action;
import io.dossier.domain.Author;
import io.dossier.domain.Document;
import io.dossier.domain.Keeping;
import io.dossier.domain.PublicToken;
import io.dossier.domain.Tag;
import io.dossier.domain.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a save changed, as audit events: read off the document as loaded and as saved, so that no
 * change can be saved without its entry, whichever use case made it.
 */
final class AuditEvents {
    private AuditEvents() {
    }

    static List<AuditEntry.Event> between(Optional<Document> before, Document after, Author actor, Instant at) {
        List<AuditEntry.Event> events = new ArrayList<>();
        java.util.function.BiFunction<Action, String, AuditEntry.Event> event = (action, detail) ->
                AuditEntry.Event.of(after.tenant(), at, actor, action, after.id(), detail);
        if (before.isEmpty()) {
            events.add(event.apply(Action.DOCUMENT_CREATED, "name " + after.metadata().name()));
        } else {
            Document b = before.get();
            if (!b.metadata().equals(after.metadata()) && after.versions().size() == b.versions().size()) {
                events.add(event.apply(Action.METADATA_CHANGED, "name " + after.metadata().name()));
            }
            if (b.visibility() != after.visibility()) {
                events.add(event.apply(Action.VISIBILITY_CHANGED, after.visibility().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        int known = before.map(d -> d.versions().size()).orElse(0);
        for (Version v : after.versions().subList(Math.min(known, after.versions().size()), after.versions().size())) {
            String detail = "sha256 " + v.content().sha256() + ", " + v.content().length() + " bytes, "
                    + v.content().fileName();
            events.add(v.restoredFrom().isPresent()
                    ? event.apply(Action.VERSION_RESTORED, "from " + v.restoredFrom().get() + ", " + detail)
                            .withVersion(v.number().value())
                    : event.apply(Action.VERSION_CREATED, detail).withVersion(v.number().value()));
        }
        Map<String, Tag> tagsBefore = byKey(before.map(Document::tags).orElse(List.of()), Tag::name);
        Map<String, Tag> tagsAfter = byKey(after.tags(), Tag::name);
        tagsAfter.forEach((name, tag) -> {
            Tag old = tagsBefore.get(name);
            if (old == null || old.state() != tag.state()) {
                events.add(event.apply(Action.TAG_SET, name + "=" + tag.state()));
            }
        });
        tagsBefore.keySet().stream().filter(name -> !tagsAfter.containsKey(name))
                .forEach(name -> events.add(event.apply(Action.TAG_REMOVED, name)));
        Map<String, PublicToken> tokensBefore = byKey(before.map(Document::publicTokens).orElse(List.of()),
                PublicToken::id);
        for (PublicToken token : after.publicTokens()) {
            PublicToken old = tokensBefore.get(token.id());
            if (old == null) {
                events.add(event.apply(Action.TOKEN_ISSUED, "token " + token.id() + " until " + token.expiresAt()));
            } else if (old.revokedAt().isEmpty() && token.revokedAt().isPresent()) {
                events.add(event.apply(Action.TOKEN_REVOKED, "token " + token.id()));
            }
        }
        Keeping kb = before.map(Document::keeping).orElse(Keeping.FREE);
        Keeping ka = after.keeping();
        if (!kb.retainUntil().equals(ka.retainUntil()) && ka.retainUntil().isPresent()) {
            events.add(event.apply(Action.RETENTION_SET, "until " + ka.retainUntil().get()
                    + kb.retainUntil().map(u -> ", was " + u).orElse("")));
        }
        if (!kb.legalHold().equals(ka.legalHold())) {
            events.add(ka.legalHold().map(h -> event.apply(Action.LEGAL_HOLD_PLACED, h.reason()))
                    .orElseGet(() -> event.apply(Action.LEGAL_HOLD_LIFTED, kb.legalHold().get().reason())));
        }
        if (kb.trashed().isEmpty() && ka.trashed().isPresent()) {
            events.add(event.apply(Action.DELETED, "into the trash"));
        } else if (kb.trashed().isPresent() && ka.trashed().isEmpty()) {
            events.add(event.apply(Action.RESTORED_FROM_TRASH, "deleted " + kb.trashed().get().at()));
        }
        return events;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
