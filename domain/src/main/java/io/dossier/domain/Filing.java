package io.dossier.domain;

/** Where a document is filed: with a patient, in a client's project, or nowhere in particular. */
public sealed interface Filing {
    Unfiled UNFILED = new Unfiled();

    record Unfiled() implements Filing {
    }

    record Patient(long patientId) implements Filing {
        public Patient {
            if (patientId < 1) {
                throw new DocumentException.InvalidInput("patient id must be positive");
            }
        }
    }

    record Project(long clientId, long projectId) implements Filing {
        public Project {
            if (clientId < 1 || projectId < 1) {
                throw new DocumentException.InvalidInput("client and project ids must be positive");
            }
        }
    }
}
