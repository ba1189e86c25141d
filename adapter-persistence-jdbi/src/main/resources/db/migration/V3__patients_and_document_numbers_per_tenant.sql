-- Tenants do not see each other, not even by counting.
--
-- Patients belong to a tenant: an id is unique within its tenant, and another tenant may use the
-- same id for a patient of its own (before, one tenant could learn or take another's ids).
ALTER TABLE patients DROP CONSTRAINT patients_pkey;
ALTER TABLE patients ADD CONSTRAINT patients_pkey PRIMARY KEY (tenant, id);

-- Document numbers are counted per tenant (before, one sequence for all told every tenant how
-- many documents the others made). Numbers are drawn in small blocks per tenant and instance,
-- so they increase and never repeat within a tenant, but may have gaps (a restart drops the
-- rest of a block).
ALTER TABLE documents ALTER COLUMN number DROP DEFAULT;
DROP SEQUENCE document_numbers;

CREATE TABLE document_numbers (
    tenant      text   PRIMARY KEY,
    last_number bigint NOT NULL CHECK (last_number >= 0)
);
INSERT INTO document_numbers (tenant, last_number)
    SELECT tenant, max(number) FROM documents GROUP BY tenant;

ALTER TABLE documents DROP CONSTRAINT documents_number_unique;
DROP INDEX documents_by_tenant_and_number;
ALTER TABLE documents ADD CONSTRAINT documents_number_unique UNIQUE (tenant, number);
