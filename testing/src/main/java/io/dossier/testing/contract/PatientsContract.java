package io.dossier.testing.contract;

import io.dossier.application.port.out.Patients;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.dossier.testing.contract.Fixtures.OTHER_TENANT;
import static io.dossier.testing.contract.Fixtures.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Patients} implementation must do. */
public abstract class PatientsContract {

    protected abstract Patients patients();

    /** Ids differ per test run, so that a store kept between tests does not collide. */
    private static long freshId() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    @Test
    void a_registered_patient_is_found_by_id_in_its_tenant_only() {
        Patient patient = new Patient(freshId(), TENANT, "Zoë Müller-Łukasiewicz 患者");
        patients().register(patient);
        assertEquals(patient, patients().find(TENANT, patient.id()).orElseThrow());
        assertTrue(patients().find(OTHER_TENANT, patient.id()).isEmpty(), "another tenant's patient does not exist");
    }

    @Test
    void a_tenant_lists_its_own_patients_by_id() {
        io.dossier.domain.TenantId tenant = new io.dossier.domain.TenantId("p" + java.util.UUID.randomUUID());
        long low = freshId() / 2;
        patients().register(new Patient(low + 1, tenant, "Second"));
        patients().register(new Patient(low, tenant, "First"));
        assertEquals(List.of(new Patient(low, tenant, "First"), new Patient(low + 1, tenant, "Second")),
                patients().list(tenant));
        assertTrue(patients().list(new io.dossier.domain.TenantId("p" + java.util.UUID.randomUUID())).isEmpty());
    }

    @Test
    void an_unknown_id_is_not_found() {
        assertTrue(patients().find(TENANT, freshId()).isEmpty());
    }

    @Test
    void an_id_is_unique_within_its_tenant_and_free_in_every_other() {
        long id = freshId();
        patients().register(new Patient(id, TENANT, "First"));
        assertThrows(DocumentException.Conflict.class, () -> patients().register(new Patient(id, TENANT, "Again")));
        patients().register(new Patient(id, OTHER_TENANT, "Elsewhere"));
        assertEquals(new Patient(id, TENANT, "First"), patients().find(TENANT, id).orElseThrow());
        assertEquals(new Patient(id, OTHER_TENANT, "Elsewhere"), patients().find(OTHER_TENANT, id).orElseThrow());
    }

    @Test
    void of_concurrent_registrations_of_one_id_exactly_one_wins() throws Exception {
        long id = freshId();
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Patient patient = new Patient(id, TENANT, "Contender " + i);
                Callable<Boolean> register = () -> {
                    start.await();
                    try {
                        patients().register(patient);
                        return true;
                    } catch (DocumentException.Conflict e) {
                        return false;
                    }
                };
                results.add(pool.submit(register));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> result : results) {
                wins += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, wins);
            assertTrue(patients().find(TENANT, id).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }
}
