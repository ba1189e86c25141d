-- Patients, whose documents are filed with them (documents.patient_id). Patient ids are chosen
-- by clients and unique across all tenants: the primary key makes a taken id a unique violation
-- whichever tenant holds it. No foreign key from documents: documents may name patients that an
-- embedder keeps elsewhere.
CREATE TABLE patients (
    id         bigint      PRIMARY KEY,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT patients_id_positive CHECK (id > 0)
);
