package io.dossier.bootstrap;

import io.dossier.application.port.in.SweepUseCase;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dossier.jar} serves the API; {@code java -jar dossier.jar sweep} runs the
 * sweeper once against the configured servers and exits; {@code java -jar dossier.jar reextract}
 * makes the text renditions that are missing or were made by an older extractor, and exits.
 */
public final class Main {
    private Main() {
    }

    /** The commands, built with picocli's API (no annotations): each has --help, errors are one line. */
    static CommandLine commandLine() {
        CommandSpec root = CommandSpec.create().name("java -jar dossier.jar").mixinStandardHelpOptions(true)
                .version("Dossier " + java.util.Optional.ofNullable(Main.class.getPackage().getImplementationVersion())
                        .orElse("(development build)"));
        root.usageMessage().description("The Dossier document service. Without a command it serves. Settings come from"
                + " DOSSIER_* environment variables (the README's configuration table).");
        root.addSubcommand("serve", command("Serves the HTTP API until SIGTERM, on the embedded PostgreSQL and S3 store"
                + " unless DOSSIER_DB_URL and DOSSIER_S3_ENDPOINT name external ones."));
        root.addSubcommand("sweep", command("Runs the sweeper once against the configured servers and exits: closes"
                + " expired upload tickets, completes uploads that landed, deletes objects that nothing refers to once"
                + " older than DOSSIER_SWEEP_GRACE. Exits with 1 when something failed (tried again next run). On the"
                + " embedded defaults the service must be stopped first."));
        root.addSubcommand("reextract", command("Makes the text renditions that are missing or were made by another"
                + " extractor, in batches, and exits. On the embedded defaults the service must be stopped first."));
        return new CommandLine(root);
    }

    private static CommandSpec command(String description) {
        CommandSpec spec = CommandSpec.create().mixinStandardHelpOptions(true);
        spec.usageMessage().description(description);
        return spec;
    }

    public static void main(String[] args) {
        int status;
        try {
            Logging.configure(System.getenv());
            status = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dossier: " + e.getMessage());
            status = 2;
        }
        // Client libraries keep non-daemon threads alive for a while: leave deliberately.
        if (status != 0 || args.length > 0) {
            System.exit(status);
        }
    }

    static int run(String[] args) {
        CommandLine.ParseResult parsed;
        try {
            parsed = commandLine().parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("dossier: " + e.getMessage() + " (java -jar dossier.jar --help lists the commands)");
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        String command = parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : "serve";
        Configuration configuration = Configuration.from(System.getenv());
        if (command.equals("sweep")) {
            try (DossierServer server = DossierServer.start(configuration, false)) {
                SweepUseCase.Report report = server.sweep();
                System.out.println("sweep: " + report.ticketsExpired() + " tickets expired, "
                        + report.ticketsCompleted() + " completed, " + report.objectsDeleted() + " objects deleted, "
                        + report.objectsKept() + " kept, " + report.failures() + " failures (tried again next run)");
                // A run with failures exits non-zero, so that a scheduler notices.
                return report.failures() == 0 ? 0 : 1;
            }
        }
        if (command.equals("reextract")) {
            try (DossierServer server = DossierServer.start(configuration, false)) {
                long pended = server.pendStaleRenditions(500, java.time.Duration.ofMillis(100));
                long made = server.makeDueRenditions(java.time.Duration.ofMillis(100));
                System.out.println("reextract: " + pended + " versions pended, " + made + " renditions made");
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        DossierServer server = DossierServer.start(configuration, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dossier-shutdown"));
        String host = configuration.host().equals("0.0.0.0") ? "localhost" : configuration.host();
        if (Logging.json()) {
            // Every line of a JSON log is JSON, and no key goes into a log.
            org.slf4j.LoggerFactory.getLogger(Main.class).info("Dossier is running at http://{}:{}{}", host,
                    server.port(), server.devApiKey().isPresent()
                            ? " (development API key of tenant " + DossierServer.DEV_TENANT + " in data/secrets/dev-api-key)"
                            : "");
        } else {
            // The console greeting of a developer's first start, not a log line.
            System.out.println("Dossier is running at http://" + host + ":" + server.port());
            server.devApiKey().ifPresent(key -> System.out.println("Development API key (tenant "
                    + DossierServer.DEV_TENANT + "): " + key + "   e.g. curl -H 'X-API-Key: " + key + "' http://"
                    + host + ":" + server.port() + "/v1/documents"));
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
