package io.dossier.application.port.in;

import io.dossier.domain.Metadata;

import java.util.Map;
import java.util.Optional;

/** Parts of the metadata to change; absent parts stay, given properties are merged in. */
public record MetadataChange(Optional<String> name, Optional<String> description, Map<String, String> properties) {
    public static final MetadataChange NONE = new MetadataChange(Optional.empty(), Optional.empty(), Map.of());

    public MetadataChange {
        name = name == null ? Optional.empty() : name;
        description = description == null ? Optional.empty() : description;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public boolean isEmpty() {
        return name.isEmpty() && description.isEmpty() && properties.isEmpty();
    }

    public Metadata applyTo(Metadata metadata) {
        return metadata.with(name, description, properties);
    }
}
