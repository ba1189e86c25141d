package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table says what the code reads, variable by variable, with the same defaults. */
class ReadmeConfigurationTableTest {

    @Test
    void the_table_lists_every_variable_the_service_reads_with_its_default() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.exists(readme), "README.md at the repository root");
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `(DOSSIER_[A-Z0-9_]+)` \\| (.*?) \\| (.*?) \\|$")
                .matcher(Files.readString(readme));
        while (row.find()) {
            documented.add(row.group(1) + " = " + row.group(2));
        }
        List<String> read = Configuration.VARIABLES.stream()
                .map(v -> v.name() + " = " + (v.defaultValue().isEmpty() ? "—" : v.defaultValue())).toList();
        assertEquals(read, documented);
    }

    @Test
    void the_commands_table_lists_every_command_of_the_command_line() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Commands\n"), readme.indexOf("## Configuration\n"));
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z]+(?: [a-z]+)?)` \\|").matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        List<String> commands = new ArrayList<>();
        Main.commandLine().getSubcommands().forEach((name, command) -> {
            if (command.getSubcommands().isEmpty()) {
                commands.add(name);
            } else {
                command.getSubcommands().keySet().forEach(sub -> commands.add(name + " " + sub));
            }
        });
        assertEquals(commands, documented);
    }

    @Test
    void every_variable_in_the_table_is_read_by_the_configuration() throws Exception {
        String source = Files.readString(Path.of("src", "main", "java", "io", "dossier", "bootstrap",
                "Configuration.java"));
        for (Configuration.Variable variable : Configuration.VARIABLES) {
            assertTrue(source.contains("optional(\"" + variable.name() + "\")")
                            || source.contains("(\"" + variable.name() + "\",")
                            || source.contains("(\"" + variable.name() + "\")"),
                    variable.name() + " is documented but not read");
        }
    }
}
