package io.dossier.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The architecture rules, checked against the production classes of all modules. */
class ArchitectureTest {
    private final JavaClasses classes = ProductionClasses.get();
    private final DossierRules rules = new DossierRules(ProductionClasses.ROOT);

    @Test
    void the_import_holds_the_production_classes_of_domain_application_and_testing() {
        for (String type : List.of("io.dossier.domain.Document", "io.dossier.domain.Tag",
                "io.dossier.application.Dossier", "io.dossier.application.service.DocumentService",
                "io.dossier.application.port.out.ContentStore", "io.dossier.testing.InMemoryDocuments",
                "io.dossier.testing.contract.DocumentsContract")) {
            assertTrue(classes.contain(type), type + " was not imported");
        }
        for (String pkg : List.of("io.dossier.domain", "io.dossier.application", "io.dossier.application.port.in",
                "io.dossier.application.service", "io.dossier.testing")) {
            assertTrue(classes.containPackage(pkg) && !classes.getPackage(pkg).getClasses().isEmpty(),
                    pkg + " is missing");
        }
    }

    @Test
    void the_import_holds_no_test_classes() {
        for (JavaClass type : classes) {
            assertFalse(type.getPackageName().startsWith("io.dossier.archfixture"), type.getName());
            assertFalse(type.getSimpleName().endsWith("Test"), type.getName() + " looks like a test");
        }
    }

    @Test
    void domain_depends_only_on_itself_and_the_jdk() {
        rules.domainDependsOnlyOnItselfAndTheJdk().check(classes);
    }

    @Test
    void domain_uses_no_infrastructure_of_the_jdk() {
        rules.domainUsesNoInfrastructureOfTheJdk().check(classes);
    }

    @Test
    void domain_reads_no_clock_and_makes_no_random_values() {
        rules.domainReadsNoClockAndMakesNoRandomValues().check(classes);
    }

    @Test
    void application_does_not_depend_on_adapters_or_wiring() {
        rules.applicationDoesNotDependOnAdaptersOrWiring().check(classes);
    }

    @Test
    void adapters_are_used_only_by_bootstrap() {
        rules.adaptersAreUsedOnlyByBootstrap().check(classes);
    }

    @Test
    void no_class_cycles() {
        rules.noClassCycles().check(classes);
    }

    @Test
    void in_ports_and_out_ports_are_independent() {
        rules.inPortsAndOutPortsAreIndependent().check(classes);
    }

    @Test
    void the_rest_adapter_uses_no_out_port() {
        rules.restAdapterUsesNoOutPort().check(classes);
    }

    @Test
    void minio_only_in_the_storage_adapter() {
        rules.minioOnlyInTheStorageAdapter().check(classes);
    }

    @Test
    void jdbi_and_flyway_only_in_the_persistence_adapter() {
        rules.jdbiAndFlywayOnlyInThePersistenceAdapter().check(classes);
    }

    @Test
    void javalin_and_jetty_only_in_the_rest_adapter() {
        rules.javalinAndJettyOnlyInTheRestAdapter().check(classes);
    }

    @Test
    void tika_only_in_the_extraction_adapter() {
        rules.tikaOnlyInTheExtractionAdapter().check(classes);
    }

    @Test
    void jose_only_in_the_rest_adapter() {
        rules.joseOnlyInTheRestAdapter().check(classes);
    }

    @Test
    void no_package_cycles() {
        rules.noPackageCycles().check(classes);
    }
}
