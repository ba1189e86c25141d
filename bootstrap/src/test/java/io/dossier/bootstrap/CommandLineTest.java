package io.dossier.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees of the command line before anything starts: help, and one-line mistakes. */
class CommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void release() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void help_lists_every_command_and_each_command_has_its_own() {
        assertEquals(0, Main.run(new String[] {"--help"}));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String command : new String[] {"serve", "sweep", "reextract", "keys", "verify", "export", "import", "--help", "--version"}) {
            assertTrue(help.contains(command), help);
        }
        out.reset();
        assertEquals(0, Main.run(new String[] {"sweep", "--help"}));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("DOSSIER_SWEEP_GRACE"), out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, Main.run(new String[] {"reextract", "-h"}));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("text renditions"));
        out.reset();
        assertEquals(0, Main.run(new String[] {"--version"}));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Dossier "));
    }

    @Test
    void an_unknown_command_or_option_is_one_line_that_says_where_help_is() {
        for (String[] wrong : new String[][] {{"sweeep"}, {"sweep", "--now"}, {"--port=9"}}) {
            err.reset();
            assertEquals(2, Main.run(wrong), String.join(" ", wrong));
            String said = err.toString(StandardCharsets.UTF_8).strip();
            assertFalse(said.contains("\n"), said);
            assertTrue(said.startsWith("dossier: ") && said.contains("--help"), said);
            assertFalse(said.contains("Exception"), said);
        }
    }
}
