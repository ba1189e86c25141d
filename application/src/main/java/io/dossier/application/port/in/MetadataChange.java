package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.Metadata;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parts of the metadata to change; absent parts stay, given properties are merged in, removed
 * ones go (a property both given and removed is refused: which one was meant?).
 */
public record MetadataChange(Optional<String> name, Optional<String> description, Map<String, String> properties,
                             Set<String> removedProperties) {
    public static final MetadataChange NONE = new MetadataChange(Optional.empty(), Optional.empty(), Map.of());

    public MetadataChange {
        name = name == null ? Optional.empty() : name;
        description = description == null ? Optional.empty() : description;
        if (properties != null && properties.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new DocumentException.InvalidInput("a property to set needs a value");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        removedProperties = removedProperties == null ? Set.of() : Set.copyOf(removedProperties);
        for (String removed : removedProperties) {
            if (properties.containsKey(removed)) {
                throw new DocumentException.InvalidInput("property " + removed + " is both set and removed");
            }
        }
    }

    public MetadataChange(Optional<String> name, Optional<String> description, Map<String, String> properties) {
        this(name, description, properties, Set.of());
    }

    public boolean isEmpty() {
        return name.isEmpty() && description.isEmpty() && properties.isEmpty() && removedProperties.isEmpty();
    }

    public Metadata applyTo(Metadata metadata) {
        return metadata.with(name, description, properties, removedProperties);
    }
}
