package io.dossier.archfixture.domain;

import io.dossier.archfixture.application.SomeService;
import io.minio.MinioClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/** A domain class that does everything a domain class must not. */
public class LeakyDocument {
    SomeService service;
    MinioClient storage;

    Timestamp stamp() {
        return Timestamp.from(Instant.now());
    }

    String newId() {
        return UUID.randomUUID().toString();
    }

    Clock clock() {
        return Clock.systemUTC();
    }

    int dice() {
        return new Random().nextInt(6);
    }
}
