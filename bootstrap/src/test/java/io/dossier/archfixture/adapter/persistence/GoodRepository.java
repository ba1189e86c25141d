package io.dossier.archfixture.adapter.persistence;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** JDBI and Flyway where they belong. */
public class GoodRepository {
    Jdbi jdbi;
    Flyway flyway;
}
