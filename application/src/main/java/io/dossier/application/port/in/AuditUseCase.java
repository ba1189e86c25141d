package io.dossier.application.port.in;

import io.dossier.domain.AuditEntry;
import io.dossier.domain.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading and checking the audit trail. Finding entries needs the audit permission; verifying
 * the chains is an operator's act. Changes are recorded by the other use cases themselves.
 */
public interface AuditUseCase {

    /** The principal's tenant's entries that match, newest first. */
    List<AuditEntry> find(Principal principal, io.dossier.domain.AuditQuery query, int offset, int limit);

    /**
     * Re-computes every entry of the chain (or of every chain) and reports the first place where
     * an entry was altered, removed or moved, for each chain checked.
     */
    Verification verify(Optional<TenantId> tenant, Consumer<Break> breaks);

    /** Records a refused authentication in the service's own chain; the credential itself never. */
    void refusedAuthentication(String clientAddress, String reason);

    /** @param tenant the chain, empty for the service's own */
    record Break(Optional<TenantId> tenant, long sequence, String problem) {
    }

    record Verification(int chains, long entries, int breaks) {
    }
}
