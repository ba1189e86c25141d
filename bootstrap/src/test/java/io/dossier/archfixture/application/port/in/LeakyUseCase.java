package io.dossier.archfixture.application.port.in;

import io.dossier.archfixture.application.port.out.SomeStore;

/** Breaks "in-ports do not depend on out-ports": a use case that hands out a store. */
public interface LeakyUseCase {
    SomeStore store();
}
