package io.dossier.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same rules against a fixture that breaks each of them on purpose (test classes under
 * {@code io.dossier.archfixture}): every rule must report its violation. A rule that passed here
 * would pass on broken production code too.
 */
class RulesCatchViolationsTest {
    private static final String FIXTURE = "io.dossier.archfixture";
    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    private final DossierRules rules = new DossierRules(FIXTURE);

    private void assertReports(ArchRule rule, String... expected) {
        EvaluationResult result = rule.evaluate(fixture);
        assertTrue(result.hasViolation(), rule.getDescription() + " reported nothing");
        String report = report(rule);
        for (String fragment : expected) {
            assertTrue(report.contains(fragment), "expected '" + fragment + "' in:\n" + report);
        }
    }

    @Test
    void a_domain_class_using_another_layer_is_reported() {
        assertReports(rules.domainDependsOnlyOnItselfAndTheJdk(),
                "io.dossier.archfixture.application.SomeService", "io.minio.MinioClient");
    }

    @Test
    void a_domain_class_using_jdbc_is_reported() {
        assertReports(rules.domainUsesNoInfrastructureOfTheJdk(), "java.sql.Timestamp");
    }

    @Test
    void a_domain_class_reading_the_clock_or_making_random_ids_is_reported() {
        assertReports(rules.domainReadsNoClockAndMakesNoRandomValues(), "Instant.now()", "UUID.randomUUID()",
                "Clock.systemUTC()", "Random.<init>()", "SneakyClock");
    }

    @Test
    void an_application_class_using_an_adapter_is_reported() {
        assertReports(rules.applicationDoesNotDependOnAdaptersOrWiring(),
                "io.dossier.archfixture.adapter.rest.RestThing");
    }

    @Test
    void an_adapter_using_another_adapter_is_reported() {
        assertReports(rules.adaptersAreUsedOnlyByBootstrap(), "RestThing", "io.dossier.archfixture.adapter.persistence.Repository");
    }

    @Test
    void minio_outside_the_storage_adapter_is_reported() {
        assertReports(rules.minioOnlyInTheStorageAdapter(), "LeakyDocument", "io.minio.MinioClient");
    }

    @Test
    void tika_outside_the_extraction_adapter_is_reported() {
        assertReports(rules.tikaOnlyInTheExtractionAdapter(), "SomeService", "org.apache.tika.parser.AutoDetectParser");
    }

    @Test
    void jose_outside_the_rest_adapter_is_reported() {
        assertReports(rules.joseOnlyInTheRestAdapter(), "SomeService", "com.nimbusds.jwt.SignedJWT");
    }

    @Test
    void jdbi_or_flyway_outside_the_persistence_adapter_are_reported() {
        assertReports(rules.jdbiAndFlywayOnlyInThePersistenceAdapter(), "org.jdbi.v3.core.Jdbi",
                "org.flywaydb.core.Flyway");
    }

    @Test
    void javalin_or_jetty_outside_the_rest_adapter_are_reported() {
        assertReports(rules.javalinAndJettyOnlyInTheRestAdapter(), "io.javalin.Javalin",
                "org.eclipse.jetty.server.Server");
    }

    @Test
    void in_ports_and_out_ports_that_name_each_other_are_reported() {
        assertReports(rules.inPortsAndOutPortsAreIndependent(), "LeakyUseCase", "NeedyStore", "PlainCommand");
    }

    @Test
    void a_rest_endpoint_using_an_out_port_is_reported() {
        assertReports(rules.restAdapterUsesNoOutPort(), "StoreUsingEndpoint", "SomeStore");
    }

    @Test
    void a_cycle_between_two_classes_of_one_package_is_reported() {
        assertReports(rules.noClassCycles(), "sameplace.Chicken", "sameplace.Egg");
    }

    @Test
    void a_package_cycle_is_reported() {
        assertReports(rules.noPackageCycles(), "cycle.a", "cycle.b");
    }

    @Test
    void a_library_used_inside_its_own_adapter_is_not_reported() {
        String minio = report(rules.minioOnlyInTheStorageAdapter());
        String jdbiAndFlyway = report(rules.jdbiAndFlywayOnlyInThePersistenceAdapter());

        assertFalse(minio.contains("GoodStore"), minio);
        assertFalse(jdbiAndFlyway.contains("GoodRepository"), jdbiAndFlyway);
        assertTrue(jdbiAndFlyway.contains("GoodStore.flyway"), jdbiAndFlyway);
    }

    private String report(ArchRule rule) {
        return String.join("\n", rule.evaluate(fixture).getFailureReport().getDetails());
    }

    @Test
    void a_rule_over_an_empty_selection_fails_instead_of_passing() {
        JavaClasses nothing = new ClassFileImporter().importPackages("io.dossier.archfixture.nothing.here");

        assertThrows(AssertionError.class, () -> rules.domainDependsOnlyOnItselfAndTheJdk().check(nothing));
        assertThrows(AssertionError.class, () -> rules.minioOnlyInTheStorageAdapter().check(nothing));
    }
}
