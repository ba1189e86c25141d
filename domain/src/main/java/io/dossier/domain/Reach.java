package io.dossier.domain;

import java.util.Optional;
import java.util.Set;

/**
 * Which documents of its tenant a principal may reach by their filing: with {@code clients}, none
 * filed under another client; with {@code patients}, none filed with another patient. Documents
 * filed otherwise (unfiled, or under the other kind) stay in reach. Empty means no limit.
 */
public record Reach(Optional<Set<Long>> clients, Optional<Set<Long>> patients) {
    /** Everything of the tenant. */
    public static final Reach ALL = new Reach(Optional.empty(), Optional.empty());

    public Reach {
        clients = clients == null ? Optional.empty() : clients.map(Set::copyOf);
        patients = patients == null ? Optional.empty() : patients.map(Set::copyOf);
    }

    public boolean includes(Filing filing) {
        if (filing instanceof Filing.Project project) {
            return clients.map(ids -> ids.contains(project.clientId())).orElse(true);
        }
        if (filing instanceof Filing.Patient patient) {
            return patients.map(ids -> ids.contains(patient.patientId())).orElse(true);
        }
        return true;
    }
}
