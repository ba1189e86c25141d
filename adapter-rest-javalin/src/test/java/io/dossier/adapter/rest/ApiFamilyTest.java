package io.dossier.adapter.rest;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The families' declarations decide each path's error dialect; paths of no family speak problem details. */
class ApiFamilyTest {

    @Test
    void each_path_speaks_the_dialect_of_the_family_that_owns_it() {
        Map<String, ErrorDialect> expected = Map.of(
                "/v1/documents/x", ErrorDialect.PROBLEM,
                "/v1/patients/7", ErrorDialect.PROBLEM,
                "/document", ErrorDialect.STATUS_CODE,
                "/document/abc/content", ErrorDialect.STATUS_CODE,
                "/api/dms/objects/1", ErrorDialect.DMS,
                "/api/v2/clients/1/dms/projects/2/documents", ErrorDialect.ENVELOPE,
                "/patients/3/pdf", ErrorDialect.DETAIL,
                "/documents", ErrorDialect.PROBLEM,
                "/health", ErrorDialect.PROBLEM);
        expected.forEach((path, dialect) -> assertEquals(dialect, Families.dialectFor(path), path));
    }

    @Test
    void a_family_owns_its_roots_and_what_lies_below_them_only() {
        ApiFamily presigned = Families.of("/document").orElseThrow();
        assertTrue(presigned.owns("/document/1"));
        assertFalse(presigned.owns("/documents"), "a longer name is not below the root");
        assertTrue(Families.of("/v1x").isEmpty());
    }
}
