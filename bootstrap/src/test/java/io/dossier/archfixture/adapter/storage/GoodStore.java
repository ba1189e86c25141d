package io.dossier.archfixture.adapter.storage;

import io.minio.MinioClient;
import org.flywaydb.core.Flyway;

/** MinIO where it belongs, Flyway where it does not. */
public class GoodStore {
    MinioClient client;
    Flyway flyway;
}
