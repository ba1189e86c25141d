package io.dossier.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The production classes of every module, imported once: bootstrap's test class path holds them all. */
final class ProductionClasses {
    static final String ROOT = "io.dossier";
    private static final java.util.regex.Pattern TEST_JAR = java.util.regex.Pattern.compile(".*-tests\\.jar.*");
    private static JavaClasses classes;

    private ProductionClasses() {
    }

    static synchronized JavaClasses get() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    // Test classes of other modules come as test jars (the REST module's HTTP tests).
                    .withImportOption(location -> !location.matches(TEST_JAR))
                    .importPackages(ROOT);
        }
        return classes;
    }
}
