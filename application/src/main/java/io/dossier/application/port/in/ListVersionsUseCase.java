package io.dossier.application.port.in;

import io.dossier.domain.DocumentId;
import io.dossier.domain.Version;

import java.util.List;

/** The versions of a document, first to current. */
public interface ListVersionsUseCase {

    List<Version> versions(Principal principal, DocumentId id);
}
