package io.dossier.bootstrap;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Locale;
import java.util.Map;

/**
 * One logging backend for every line the process writes: Logback, in plain text or (with
 * {@code DOSSIER_LOG_FORMAT=json}) one JSON object per line, with {@code java.util.logging} (the
 * core's own logger, and some libraries') bridged into it. Runs before the first logger exists.
 */
final class Logging {
    static final String FORMAT = "DOSSIER_LOG_FORMAT";
    private static volatile boolean json;

    private Logging() {
    }

    static void configure(Map<String, String> env) {
        String format = env.getOrDefault(FORMAT, "").strip().toLowerCase(Locale.ROOT);
        switch (format) {
            case "", "text" -> {
                // logback.xml, found on the class path
            }
            case "json" -> {
                System.setProperty("logback.configurationFile", "logback-json.xml");
                json = true;
            }
            default -> throw new IllegalArgumentException(FORMAT + " must be text or json, not " + env.get(FORMAT));
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // The Log4j API (Tika's parsers log through it) looks for its provider once, lazily. Done here,
        // on the main thread: a text-extraction worker interrupted at shutdown while doing it made
        // Log4j print a plain-text status line outside every log format.
        org.apache.logging.log4j.LogManager.getContext(false);
    }

    /** Whether lines are JSON objects, so that nothing else may be printed among them. */
    static boolean json() {
        return json;
    }
}
