package io.dossier.adapter.rest;

import io.dossier.application.Dossier;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the core behind the HTTP tests. By default the in-memory adapters ({@link InMemoryCore});
 * the service module runs the same HTTP tests on the real adapters by naming another
 * implementation in the system property {@code dossier.test.core}.
 */
public interface TestCore {
    String PROPERTY = "dossier.test.core";

    /**
     * A core with stores of its own (no documents of the test tenants yet) on the given clock,
     * with the repositories {@code default} (the default) and {@code repo242}, and patients.
     */
    Dossier build(Clock clock);

    /**
     * What a seed client does with {@code uploadOptions}: POSTs the fields plus a {@code file}
     * part to the url. Answers the store's status code (2xx when it took the file).
     */
    int postForm(String url, Map<String, String> fields, String contentType, byte[] file);

    /** Replaces a stored object's bytes behind the core's back (to show that tampering is caught). */
    void overwrite(String repository, String key, byte[] bytes);

    /** Deletes a stored object behind the core's back (as a delete that races a read does). */
    void delete(String repository, String key);

    /** The core named by the system property, else a new in-memory one. */
    static TestCore current() {
        String name = System.getProperty(PROPERTY);
        if (name == null || name.isBlank()) {
            return new InMemoryCore();
        }
        try {
            return (TestCore) Class.forName(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the test core " + name, e);
        }
    }
}
