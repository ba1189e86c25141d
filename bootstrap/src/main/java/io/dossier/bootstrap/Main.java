package io.dossier.bootstrap;

import io.dossier.application.port.in.SweepUseCase;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dossier.jar} serves the API; the other commands ({@code sweep}, {@code reextract},
 * {@code keys}, {@code verify}, {@code export}, {@code import}) do their work against the configured
 * servers and exit. On the embedded defaults, while the service runs, they work on its servers.
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
                + " older than DOSSIER_SWEEP_GRACE, purges documents whose time in the trash (DOSSIER_TRASH_PERIOD)"
                + " is over. Exits with 1 when something failed (tried again next run)."));
        root.addSubcommand("reextract", command("Makes the text renditions that are missing or were made by another"
                + " extractor, in batches, and exits."));
        CommandSpec keys = command("API keys kept (hashed) in the database: several per tenant, each with a name,"
                + " scopes and an optional expiry; they work at once on every instance, without a restart.");
        keys.addSubcommand("create", command("Makes a key and prints its secret, once.")
                .addOption(tenant())
                .addOption(option("--name", "NAME", true, "what the key is for, e.g. 'CI pipeline'"))
                .addOption(option("--scopes", "SCOPES", false, "comma-separated: documents:read, documents:write,"
                        + " documents:records (default: read and write)"))
                .addOption(option("--expires", "WHEN", false, "an instant (2027-01-31T00:00:00Z) or a duration from"
                        + " now (P90D); default: never")));
        keys.addSubcommand("list", command("Lists a tenant's stored keys: id, name, scopes, dates, state (never the"
                + " secret).").addOption(tenant()));
        keys.addSubcommand("revoke", command("Revokes a key; it is refused from then on.").addOption(tenant())
                .addPositional(CommandLine.Model.PositionalParamSpec.builder().paramLabel("KEY_ID").arity("1")
                        .type(String.class).description("the key's id, as create and list show it").build()));
        root.addSubcommand("keys", keys);
        root.addSubcommand("verify", command("Reads the stored content of every version (of all tenants, a tenant,"
                + " a document, or a sample) and compares its length and SHA-256 with what the version recorded."
                + " Prints each version that differs or is missing; exits with 1 when there is any.")
                .addOption(option("--tenant", "TENANT", false, "only this tenant's documents"))
                .addOption(option("--document", "ID", false, "only this document (with --tenant)"))
                .addOption(CommandLine.Model.OptionSpec.builder("--sample").paramLabel("PERCENT").type(Integer.class)
                        .defaultValue("100").description("check this share of the versions, chosen at random"
                                + " (default: 100)").build()));
        root.addSubcommand("export", command("Writes a tenant's documents (every version, tag and public token, as"
                + " JSON lines), the bytes of every version and its patients into a new folder, manifest.json last.")
                .addOption(tenant()).addOption(option("--to", "FOLDER", true, "a folder that is missing or empty")));
        root.addSubcommand("import", command("Restores an export into this Dossier (into the tenant it was taken"
                + " from), checking every version's bytes against its SHA-256 first. Documents present already are"
                + " left alone, so an interrupted import can be run again.")
                .addOption(option("--from", "FOLDER", true, "a folder written by export")));
        CommandSpec audit = command("The audit trail: entries chained per tenant by SHA-256.");
        audit.addSubcommand("verify", command("Re-computes every entry of the audit trail (of a tenant, or all) and"
                + " names, for each chain, the first entry that was altered, removed or moved; exits with 1 when any"
                + " chain is broken.").addOption(option("--tenant", "TENANT", false, "only this tenant's chain")));
        root.addSubcommand("audit", audit);
        root.addSubcommand("purge", command("Deletes a document at once, in the trash or not, with every version and"
                + " its stored objects: an administrator's act that cannot be undone. Refused while a retention or a"
                + " legal hold lasts.")
                .addOption(tenant()).addOption(option("--document", "ID", true, "the document's id")));
        return new CommandLine(root);
    }

    /** A new one each time: an option belongs to the one command it was added to. */
    private static CommandLine.Model.OptionSpec tenant() {
        return option("--tenant", "TENANT", true, "the tenant");
    }

    private static CommandLine.Model.OptionSpec option(String name, String label, boolean required, String description) {
        return CommandLine.Model.OptionSpec.builder(name).paramLabel(label).type(String.class).required(required)
                .description(description).build();
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

    private static final java.util.Set<String> ADMIN_COMMANDS = java.util.Set.of("keys", "verify", "export", "import",
            "purge", "audit");

    /** Runs an operator's command on the configured servers (or those of the service running on the data folder). */
    private static int admin(CommandLine.ParseResult command, Configuration configuration) {
        String name = command.commandSpec().name();
        if (name.equals("audit") && !command.hasSubcommand()) {
            System.err.println("dossier: audit needs verify (java -jar dossier.jar audit --help)");
            return 2;
        }
        if (name.equals("keys") && !command.hasSubcommand()) {
            System.err.println("dossier: keys needs create, list or revoke (java -jar dossier.jar keys --help)");
            return 2;
        }
        try (DossierServer server = DossierServer.start(configuration, false)) {
            AdminCommands commands = new AdminCommands(server.dossier(), System.out, java.time.Clock.systemUTC());
            if (name.equals("keys")) {
                CommandLine.ParseResult sub = command.subcommand();
                String tenant = sub.matchedOptionValue("--tenant", "");
                return switch (sub.commandSpec().name()) {
                    case "create" -> commands.createKey(tenant, sub.matchedOptionValue("--name", ""),
                            java.util.Optional.ofNullable(sub.matchedOptionValue("--scopes", null)),
                            java.util.Optional.ofNullable(sub.matchedOptionValue("--expires", null)));
                    case "list" -> commands.listKeys(tenant);
                    default -> commands.revokeKey(tenant, sub.matchedPositionalValue(0, ""));
                };
            }
            if (name.equals("audit")) {
                return commands.verifyAudit(java.util.Optional.ofNullable(command.subcommand()
                        .matchedOptionValue("--tenant", null)));
            }
            return switch (name) {
                case "verify" -> commands.verify(java.util.Optional.ofNullable(command.matchedOptionValue("--tenant",
                                null)), java.util.Optional.ofNullable(command.matchedOptionValue("--document", null)),
                        command.matchedOptionValue("--sample", 100));
                case "purge" -> commands.purge(command.matchedOptionValue("--tenant", ""),
                        command.matchedOptionValue("--document", ""));
                case "export" -> commands.export(command.matchedOptionValue("--tenant", ""),
                        java.nio.file.Path.of(command.<String>matchedOptionValue("--to", "")));
                default -> commands.importTenant(java.nio.file.Path.of(command.<String>matchedOptionValue("--from", "")));
            };
        } catch (io.dossier.domain.DocumentException.InvalidInput e) {
            System.err.println("dossier: " + e.getMessage());
            return 2;
        } catch (io.dossier.domain.DocumentException | java.io.UncheckedIOException e) {
            System.err.println("dossier: " + e.getMessage());
            return 1;
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
                        + report.objectsKept() + " kept, " + report.documentsPurged() + " documents purged from the trash, "
                        + report.failures() + " failures (tried again next run)");
                // A run with failures exits non-zero, so that a scheduler notices.
                return report.failures() == 0 ? 0 : 1;
            }
        }
        if (ADMIN_COMMANDS.contains(command)) {
            return admin(parsed.subcommand(), configuration);
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
