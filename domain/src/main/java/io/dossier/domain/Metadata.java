package io.dossier.domain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What people say about a document: a name, a description and free properties. Versions keep
 * the metadata as of their creation.
 */
public record Metadata(String name, String description, Map<String, String> properties) {
    public static final int MAX_PROPERTIES = 100;

    public Metadata {
        name = Checks.text(name, "name", 255);
        description = description == null ? "" : description;
        if (description.length() > 4000) {
            throw new DocumentException.InvalidInput("description is longer than 4000 characters");
        }
        Checks.freeText(description, "description");
        if (properties != null) {
            // containsValue(null) would throw on an immutable map: look at each value.
            properties.forEach((k, v) -> {
                if (v == null) {
                    throw new DocumentException.InvalidInput("property " + k + " has no value");
                }
            });
        }
        properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
        if (properties.size() > MAX_PROPERTIES) {
            throw new DocumentException.InvalidInput("at most " + MAX_PROPERTIES + " properties");
        }
        properties.forEach((k, v) -> {
            Checks.text(k, "property name", 128);
            if (v.length() > 4000) {
                throw new DocumentException.InvalidInput("property " + k + " is longer than 4000 characters");
            }
            Checks.freeText(v, "property " + k);
        });
    }

    public static Metadata named(String name) {
        return new Metadata(name, "", Map.of());
    }

    /** A copy with the given parts changed; absent parts stay as they are, properties merge. */
    public Metadata with(Optional<String> newName, Optional<String> newDescription, Map<String, String> newProperties) {
        return with(newName, newDescription, newProperties, java.util.Set.of());
    }

    /** As {@link #with(Optional, Optional, Map)}, and the named properties removed (an unknown name is no error). */
    public Metadata with(Optional<String> newName, Optional<String> newDescription, Map<String, String> newProperties,
                         java.util.Set<String> removedProperties) {
        Map<String, String> merged = new TreeMap<>(properties);
        merged.keySet().removeAll(removedProperties);
        merged.putAll(newProperties);
        return new Metadata(newName.orElse(name), newDescription.orElse(description), merged);
    }
}
