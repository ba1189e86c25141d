package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an embedder gets: each of our jars names its module for the module path, and the bill of
 * materials lists every module that is published (everything but the benchmarks).
 */
class PackagingIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void every_jar_of_ours_has_an_automatic_module_name_that_is_a_package_of_its_own() throws IOException {
        List<Path> jars;
        try (Stream<Path> lib = Files.list(Path.of("target/lib"))) {
            jars = Stream.concat(lib.filter(p -> p.getFileName().toString().startsWith("dossier-")),
                    Stream.of(Path.of("target/dossier.jar"))).toList();
        }
        assertTrue(jars.size() >= 8, "our jars in target/lib: " + jars);
        Set<String> names = new TreeSet<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                String name = file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                assertTrue(name != null && name.matches("io\\.dossier(\\.[a-z]+)+"), jar + ": " + name);
                // The name is the root of the module's own classes.
                String folder = name.replace('.', '/') + "/";
                assertTrue(file.stream().anyMatch(e -> e.getName().startsWith(folder) && e.getName().endsWith(".class")),
                        jar + " has no classes under " + folder);
                names.add(name);
            }
        }
        assertEquals(jars.size(), names.size(), "two jars share a module name: " + names);
    }

    @Test
    void the_bill_of_materials_names_every_published_module() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        Set<String> published = new TreeSet<>();
        while (module.find()) {
            String folder = module.group(1);
            if (folder.equals("bom") || folder.equals("benchmarks")) {
                continue;
            }
            Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>")
                    .matcher(Files.readString(ROOT.resolve(folder).resolve("pom.xml")));
            assertTrue(artifact.find(), folder);
            published.add(artifact.group(1));
        }
        Matcher listed = Pattern.compile("<artifactId>(dossier-[^<]+)</artifactId>")
                .matcher(Files.readString(ROOT.resolve("bom/pom.xml")));
        Set<String> inBom = new TreeSet<>();
        while (listed.find()) {
            inBom.add(listed.group(1));
        }
        inBom.remove("dossier-bom");
        assertEquals(published, inBom);
    }

    @Test
    void every_published_module_has_sources_and_javadoc_jars_beside_its_jar() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> missing = new java.util.ArrayList<>();
        while (module.find()) {
            String folder = module.group(1);
            if (folder.equals("bom") || folder.equals("benchmarks")) {
                continue;
            }
            for (String kind : List.of("-sources.jar", "-javadoc.jar")) {
                try (Stream<Path> built = Files.list(ROOT.resolve(folder).resolve("target"))) {
                    if (built.noneMatch(p -> p.getFileName().toString().endsWith(kind))) {
                        missing.add(folder + kind);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
