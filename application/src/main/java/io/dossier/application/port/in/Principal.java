package io.dossier.application.port.in;

import io.dossier.domain.Author;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Filing;
import io.dossier.domain.Reach;
import io.dossier.domain.TenantId;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking: a tenant, the author its changes are recorded under, what it may do, and
 * optionally which clients (of the project-filing API) it may reach.
 *
 * @param clients  client ids the principal may reach; empty means all
 * @param patients patient ids of its tenant the principal may reach; empty means all
 */
public record Principal(TenantId tenant, Author author, Set<Permission> permissions, Optional<Set<Long>> clients,
                        Optional<Set<Long>> patients) {
    /** Reading, writing, keeping records (retentions, legal holds) and reading the audit trail. */
    public enum Permission { READ, WRITE, RECORDS, AUDIT }

    public Principal {
        if (tenant == null || author == null) {
            throw new DocumentException.InvalidInput("principal needs a tenant and an author");
        }
        permissions = Set.copyOf(permissions);
        clients = clients == null ? Optional.empty() : clients.map(Set::copyOf);
        patients = patients == null ? Optional.empty() : patients.map(Set::copyOf);
    }

    /** What of its tenant this principal may reach by filing. */
    public Reach reach() {
        return new Reach(clients, patients);
    }

    /** A principal that may reach every patient of its tenant. */
    public Principal(TenantId tenant, Author author, Set<Permission> permissions, Optional<Set<Long>> clients) {
        this(tenant, author, permissions, clients, Optional.empty());
    }

    /** A principal with every permission on everything of its tenant. */
    public static Principal fullAccess(TenantId tenant, Author author) {
        return new Principal(tenant, author, Set.of(Permission.values()), Optional.empty());
    }

    public void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw new DocumentException.PermissionDenied(
                    "permission " + permission.name().toLowerCase() + " is missing");
        }
    }

    /** Refuses documents filed under a client that is outside this principal's scope. */
    public void requireReach(Filing filing) {
        if (filing instanceof Filing.Project project && clients.isPresent()
                && !clients.get().contains(project.clientId())) {
            throw new DocumentException.PermissionDenied("client " + project.clientId() + " is outside your scope");
        }
        if (filing instanceof Filing.Patient patient) {
            requirePatient(patient.patientId());
        }
    }

    /** Refuses a patient of this tenant that is outside this principal's scope. */
    public void requirePatient(long patientId) {
        if (patients.isPresent() && !patients.get().contains(patientId)) {
            throw new DocumentException.PermissionDenied("patient " + patientId + " is not associated with your account");
        }
    }
}
