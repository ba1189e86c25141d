package io.dossier.archfixture.application.port.out;

/** An out-port that a leaky use case and a leaky endpoint name. */
public interface SomeStore {
    void save(Object what);
}
