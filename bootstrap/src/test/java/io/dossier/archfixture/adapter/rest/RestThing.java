package io.dossier.archfixture.adapter.rest;

import io.dossier.archfixture.adapter.persistence.Repository;
import org.jdbi.v3.core.Jdbi;

/** A REST adapter class that reaches into another adapter and uses JDBI itself. */
public class RestThing {
    Repository repository;
    Jdbi jdbi;
}
