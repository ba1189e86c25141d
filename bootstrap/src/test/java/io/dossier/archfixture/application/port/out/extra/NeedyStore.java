package io.dossier.archfixture.application.port.out.extra;

import io.dossier.archfixture.application.port.in.extra.PlainCommand;

/** Breaks "out-ports do not depend on in-ports": a store that takes a use case's command. */
public interface NeedyStore {
    void save(PlainCommand command);
}
