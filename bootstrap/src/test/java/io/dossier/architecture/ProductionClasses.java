package io.dossier.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The production classes of every module, imported once: bootstrap's test class path holds them all. */
final class ProductionClasses {
    static final String ROOT = "io.dossier";
    private static JavaClasses classes;

    private ProductionClasses() {
    }

    static synchronized JavaClasses get() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    // The REST module's published HTTP tests are on this class path too.
                    .withImportOption(location -> !location.contains("-tests.jar"))
                    .importPackages(ROOT);
        }
        return classes;
    }
}
