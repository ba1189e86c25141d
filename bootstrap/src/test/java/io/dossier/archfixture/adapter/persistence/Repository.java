package io.dossier.archfixture.adapter.persistence;

import io.javalin.Javalin;
import org.eclipse.jetty.server.Server;

/** A persistence adapter class that serves HTTP. */
public class Repository {
    Javalin app;
    Server server;
}
