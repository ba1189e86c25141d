package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/** What entries to find; empty parts match everything. {@code to} is exclusive. */
public record AuditQuery(Optional<DocumentId> document, Optional<String> actor, Optional<AuditEntry.Action> action,
             Optional<Instant> from, Optional<Instant> to) {
    public static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public AuditQuery {
        document = document == null ? Optional.empty() : document;
        actor = actor == null ? Optional.empty() : actor;
        action = action == null ? Optional.empty() : action;
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
    }

    public boolean matches(AuditEntry e) {
        return document.map(d -> e.document().equals(Optional.of(d))).orElse(true)
                && actor.map(a -> e.actor().equals(a)).orElse(true)
                && action.map(a -> e.action() == a).orElse(true)
                && from.map(f -> !e.at().isBefore(f)).orElse(true)
                && to.map(t -> e.at().isBefore(t)).orElse(true);
    }
}
