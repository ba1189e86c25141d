package io.dossier.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules of Dossier, for the classes under a root package. Production code is
 * checked under {@code io.dossier}; the same rules run against a deliberately broken fixture
 * under another root to show that each of them reports what it is meant to catch.
 *
 * <p>Every rule refuses to pass on an empty selection. Rules about the adapters are phrased so that
 * they select the classes outside an adapter ("nothing outside the storage adapter uses io.minio"),
 * which exist even while an adapter module is still empty.
 */
final class DossierRules {
    private final String root;

    DossierRules(String root) {
        this.root = root;
    }

    private String pkg(String name) {
        return root + "." + name + "..";
    }

    /** The domain depends on nothing but itself, the JDK and JSpecify's annotations. */
    ArchRule domainDependsOnlyOnItselfAndTheJdk() {
        return classes().that().resideInAPackage(pkg("domain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(pkg("domain"), "java..")
                .allowEmptyShould(false);
    }

    /** Nor on the JDK's databases, network, files or naming services. */
    ArchRule domainUsesNoInfrastructureOfTheJdk() {
        return noClasses().that().resideInAPackage(pkg("domain"))
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net..",
                        "java.nio.file..", "java.rmi..", "javax.naming..")
                .allowEmptyShould(false);
    }

    /** Time and identities come in as arguments: the domain reads no clock and makes no random value. */
    ArchRule domainReadsNoClockAndMakesNoRandomValues() {
        return noClasses().that().resideInAPackage(pkg("domain"))
                .should().accessTargetWhere(READS_CLOCK_OR_RANDOMNESS)
                .allowEmptyShould(false);
    }

    ArchRule applicationDoesNotDependOnAdaptersOrWiring() {
        return noClasses().that().resideInAPackage(pkg("application"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("adapter"), pkg("bootstrap"), pkg("embedded"),
                        pkg("testing"))
                .allowEmptyShould(false);
    }

    /**
     * Only bootstrap knows the adapters: no adapter depends on another, and nothing else depends
     * on any adapter.
     */
    ArchRule adaptersAreUsedOnlyByBootstrap() {
        return CompositeArchRule.of(onlyBootstrapUses("adapter.storage"))
                .and(onlyBootstrapUses("adapter.persistence"))
                .and(onlyBootstrapUses("adapter.rest"))
                .and(onlyBootstrapUses("adapter.extraction"))
                .allowEmptyShould(false);
    }

    private ArchRule onlyBootstrapUses(String adapter) {
        return noClasses().that().resideOutsideOfPackages(pkg(adapter), pkg("bootstrap"))
                .should().dependOnClassesThat().resideInAPackage(pkg(adapter))
                .allowEmptyShould(false);
    }

    /**
     * Use cases and the ports they need are separate contracts: an in-port never names an
     * out-port type and the other way round (types both need live in the domain).
     */
    ArchRule inPortsAndOutPortsAreIndependent() {
        return CompositeArchRule.of(noClasses().that().resideInAPackage(pkg("application.port.in"))
                        .should().dependOnClassesThat().resideInAPackage(pkg("application.port.out"))
                        .allowEmptyShould(false))
                .and(noClasses().that().resideInAPackage(pkg("application.port.out"))
                        .should().dependOnClassesThat().resideInAPackage(pkg("application.port.in"))
                        .allowEmptyShould(false))
                .allowEmptyShould(false);
    }

    /** The HTTP API reaches the core through its use cases only, never past them to the stores. */
    ArchRule restAdapterUsesNoOutPort() {
        return noClasses().that().resideInAPackage(pkg("adapter.rest"))
                .should().dependOnClassesThat().resideInAPackage(pkg("application.port.out"))
                .allowEmptyShould(false);
    }

    ArchRule minioOnlyInTheStorageAdapter() {
        return confined(pkg("adapter.storage"), "io.minio..");
    }

    ArchRule jdbiAndFlywayOnlyInThePersistenceAdapter() {
        return confined(pkg("adapter.persistence"), "org.jdbi..", "org.flywaydb..");
    }

    ArchRule javalinAndJettyOnlyInTheRestAdapter() {
        return confined(pkg("adapter.rest"), "io.javalin..", "org.eclipse.jetty..");
    }

    /** The document parsers (and everything they bring) stay in the extraction adapter. */
    ArchRule tikaOnlyInTheExtractionAdapter() {
        return confined(pkg("adapter.extraction"), "org.apache.tika..", "org.apache.pdfbox..", "org.apache.poi..");
    }

    /** JWTs are read and made in the HTTP adapter only; the core records tokens, it does not sign them. */
    ArchRule joseOnlyInTheRestAdapter() {
        return confined(pkg("adapter.rest"), "com.nimbusds..");
    }

    private ArchRule confined(String home, String... libraries) {
        return noClasses().that().resideOutsideOfPackage(home)
                .should().dependOnClassesThat().resideInAnyPackage(libraries)
                .allowEmptyShould(false);
    }

    /**
     * Inside a package too, classes depend on each other in one direction only (a nested class
     * counts as its outer class): two classes in a cycle cannot be understood, or changed, apart.
     */
    ArchRule noClassCycles() {
        return com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {
                    @Override
                    public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(
                            com.tngtech.archunit.core.domain.JavaClass type) {
                        if (!type.getPackageName().startsWith(root)) {
                            return com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                        }
                        com.tngtech.archunit.core.domain.JavaClass outer = type;
                        while (outer.getEnclosingClass().isPresent()) {
                            outer = outer.getEnclosingClass().get();
                        }
                        return com.tngtech.archunit.library.dependencies.SliceIdentifier.of(outer.getName());
                    }

                    @Override
                    public String getDescription() {
                        return "top-level classes of " + root;
                    }
                })
                .should().beFreeOfCycles().allowEmptyShould(false);
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().allowEmptyShould(false);
    }

    /** Owner class → methods (or {@code <init>}) that read the system clock or make random values. */
    private static final Map<String, Set<String>> NONDETERMINISTIC = Map.ofEntries(
            Map.entry("java.time.Instant", Set.of("now")),
            Map.entry("java.time.LocalDate", Set.of("now")),
            Map.entry("java.time.LocalDateTime", Set.of("now")),
            Map.entry("java.time.LocalTime", Set.of("now")),
            Map.entry("java.time.OffsetDateTime", Set.of("now")),
            Map.entry("java.time.OffsetTime", Set.of("now")),
            Map.entry("java.time.ZonedDateTime", Set.of("now")),
            Map.entry("java.time.Year", Set.of("now")),
            Map.entry("java.time.YearMonth", Set.of("now")),
            Map.entry("java.time.MonthDay", Set.of("now")),
            Map.entry("java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system")),
            Map.entry("java.time.InstantSource", Set.of("system")),
            Map.entry("java.lang.System", Set.of("currentTimeMillis", "nanoTime")),
            Map.entry("java.util.Date", Set.of(JavaConstructor.CONSTRUCTOR_NAME)),
            Map.entry("java.util.UUID", Set.of("randomUUID")),
            Map.entry("java.lang.Math", Set.of("random")),
            Map.entry("java.lang.StrictMath", Set.of("random")),
            Map.entry("java.util.Random", Set.of(JavaConstructor.CONSTRUCTOR_NAME)),
            Map.entry("java.util.SplittableRandom", Set.of(JavaConstructor.CONSTRUCTOR_NAME)),
            Map.entry("java.security.SecureRandom",
                    Set.of(JavaConstructor.CONSTRUCTOR_NAME, "getInstance", "getInstanceStrong")),
            Map.entry("java.util.concurrent.ThreadLocalRandom", Set.of("current")),
            Map.entry("java.util.random.RandomGenerator", Set.of("getDefault", "of")));

    private static final DescribedPredicate<JavaAccess<?>> READS_CLOCK_OR_RANDOMNESS =
            DescribedPredicate.describe("read the system clock or make random values (Instant.now(), "
                    + "Clock.systemUTC(), UUID.randomUUID(), new Random(), …)", access ->
                    NONDETERMINISTIC.getOrDefault(access.getTargetOwner().getName(), Set.of())
                            .contains(access.getName()));
}
