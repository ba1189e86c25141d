package io.dossier.archfixture.application.port.in.extra;

/** A use case's command, which an out-port must not name. */
public record PlainCommand(String name) {
}
