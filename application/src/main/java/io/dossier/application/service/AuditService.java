package io.dossier.application.service;

import io.dossier.application.port.in.AuditUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.in.Principal.Permission;
import io.dossier.application.port.out.AuditTrail;
import io.dossier.domain.AuditEntry;
import io.dossier.domain.DocumentException;
import io.dossier.domain.TenantId;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Finding and verifying audit entries, and recording what no document change records. */
public final class AuditService implements AuditUseCase {
    static final int MAX_PAGE = 1000;
    private static final int VERIFY_PAGE = 1000;

    private final AuditTrail audit;
    private final AuditLog log;
    private final Clock clock;

    AuditService(AuditTrail audit, AuditLog log, Clock clock) {
        this.audit = audit;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public List<AuditEntry> find(Principal principal, io.dossier.domain.AuditQuery query, int offset, int limit) {
        principal.require(Permission.AUDIT);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new DocumentException.InvalidInput("offset must not be negative and limit within 1.." + MAX_PAGE);
        }
        return audit.find(principal.tenant(), query, offset, limit);
    }

    @Override
    public Verification verify(Optional<TenantId> tenant, Consumer<Break> breaks) {
        List<Optional<TenantId>> chains = tenant.isPresent() ? List.of(tenant) : audit.chains();
        long entries = 0;
        int broken = 0;
        for (Optional<TenantId> chain : chains) {
            Optional<AuditEntry> previous = Optional.empty();
            Optional<Break> found = Optional.empty();
            long after = 0;
            while (found.isEmpty()) {
                List<AuditEntry> page = audit.chain(chain, after, VERIFY_PAGE);
                for (AuditEntry entry : page) {
                    entries++;
                    found = problem(chain, previous, entry);
                    if (found.isPresent()) {
                        break;
                    }
                    previous = Optional.of(entry);
                }
                if (page.size() < VERIFY_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).sequence();
            }
            if (found.isEmpty()) {
                found = headProblem(chain, previous);
            }
            if (found.isPresent()) {
                broken++;
                breaks.accept(found.get());
            }
        }
        return new Verification(chains.size(), entries, broken);
    }

    /** What is wrong with the entry after {@code previous}, if anything: the first break names it. */
    private static Optional<Break> problem(Optional<TenantId> chain, Optional<AuditEntry> previous, AuditEntry entry) {
        long expected = previous.map(p -> p.sequence() + 1).orElse(1L);
        if (entry.sequence() != expected) {
            return Optional.of(new Break(chain, expected, entry.sequence() > expected
                    ? "entry " + expected + " is missing (the next kept entry is " + entry.sequence() + ")"
                    : "entry " + entry.sequence() + " appears again after entry " + (expected - 1)));
        }
        if (!entry.hash().equals(entry.computedHash())) {
            return Optional.of(new Break(chain, entry.sequence(), "entry " + entry.sequence()
                    + " was altered: its fields do not make its hash"));
        }
        if (!entry.follows(previous)) {
            return Optional.of(new Break(chain, entry.sequence(), "entry " + entry.sequence()
                    + " does not follow the entry before it (moved, or one before it was replaced)"));
        }
        return Optional.empty();
    }

    /** The newest entries removed: the head, kept apart, names an entry that is gone. */
    private Optional<Break> headProblem(Optional<TenantId> chain, Optional<AuditEntry> last) {
        return audit.head(chain).flatMap(head -> {
            long kept = last.map(AuditEntry::sequence).orElse(0L);
            if (head.sequence() != kept) {
                return Optional.of(new Break(chain, kept + 1, "entry " + (kept + 1) + " is missing (the chain "
                        + "ends at " + head.sequence() + ")"));
            }
            if (!last.map(AuditEntry::hash).orElse(AuditEntry.GENESIS).equals(head.hash())) {
                return Optional.of(new Break(chain, kept, "entry " + kept + " is not the one the chain ended with"));
            }
            return Optional.empty();
        });
    }

    @Override
    public void refusedAuthentication(String clientAddress, String reason) {
        log.record(new AuditEntry.Event(Optional.empty(), clock.instant(), "address " + clientAddress,
                AuditEntry.Action.AUTHENTICATION_REFUSED, Optional.empty(), Optional.empty(), reason));
    }
}
