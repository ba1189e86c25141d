package io.dossier.adapter.rest;

import io.dossier.application.port.in.Principal;
import io.dossier.domain.Document;
import io.dossier.domain.Rendition;
import io.dossier.domain.VersionNumber;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What the API families share about text renditions. */
final class TextRenditions {
    /** How long an answer waits for search consistency (the text of the new version). */
    static final Duration CONSISTENCY_PATIENCE = Duration.ofSeconds(30);

    private TextRenditions() {
    }

    /** The text renditions of a document just read, by version. */
    static Map<VersionNumber, Rendition> byVersion(EndpointContext w, Principal principal, Document document) {
        Map<VersionNumber, Rendition> texts = new HashMap<>();
        w.dossier().renditions().renditions(principal, document).forEach(r -> texts.put(r.version(), r));
        return texts;
    }
}
