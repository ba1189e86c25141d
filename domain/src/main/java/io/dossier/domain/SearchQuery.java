package io.dossier.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What a search asks for: words (in the web search syntax: {@code "a phrase"}, {@code -not},
 * {@code or}) over a document's name, description, properties, tags, file name and the text of
 * its current version, and filters on what a document is. Every part is optional; an empty query
 * lists every document in reach.
 *
 * @param tagState only with {@code tag}: the tag must have this state
 * @param author   the reference of the author of the current version (for example {@code User/alice})
 * @param after    the cursor a previous page ended with
 */
public record SearchQuery(Optional<String> text, Optional<String> tag, Optional<Integer> tagState,
                          Optional<String> mediaType, Optional<Instant> createdFrom, Optional<Instant> createdTo,
                          Optional<Instant> modifiedFrom, Optional<Instant> modifiedTo, Optional<String> author,
                          Optional<Visibility> visibility, Optional<Long> patient, Optional<Long> client,
                          Optional<Long> project, Optional<String> after) {
    public static final int MAX_TEXT = 500;

    public SearchQuery {
        text = clean(text).map(t -> Checks.text(t, "q", MAX_TEXT));
        tag = clean(tag).map(t -> Checks.text(t, "tag", 128));
        tagState = tagState == null ? Optional.empty() : tagState;
        if (tagState.isPresent() && tag.isEmpty()) {
            throw new DocumentException.InvalidInput("tagState needs tag");
        }
        mediaType = clean(mediaType).map(MediaTypes::essence);
        createdFrom = createdFrom == null ? Optional.empty() : createdFrom;
        createdTo = createdTo == null ? Optional.empty() : createdTo;
        modifiedFrom = modifiedFrom == null ? Optional.empty() : modifiedFrom;
        modifiedTo = modifiedTo == null ? Optional.empty() : modifiedTo;
        range(createdFrom, createdTo, "created");
        range(modifiedFrom, modifiedTo, "modified");
        author = clean(author).map(a -> Checks.text(a, "author", 256));
        visibility = visibility == null ? Optional.empty() : visibility;
        patient = patient == null ? Optional.empty() : patient;
        client = client == null ? Optional.empty() : client;
        project = project == null ? Optional.empty() : project;
        if (project.isPresent() && client.isEmpty()) {
            throw new DocumentException.InvalidInput("project needs client (project ids are per client)");
        }
        after = clean(after).map(a -> Checks.text(a, "cursor", 512));
    }

    /** Everything: no words, no filter. */
    public static SearchQuery all() {
        return words(null);
    }

    public static SearchQuery words(String text) {
        return new SearchQuery(Optional.ofNullable(text), null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public SearchQuery after(String cursor) {
        return new SearchQuery(text, tag, tagState, mediaType, createdFrom, createdTo, modifiedFrom, modifiedTo,
                author, visibility, patient, client, project, Optional.of(cursor));
    }

    private static Optional<String> clean(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(v -> !v.isEmpty());
    }

    private static void range(Optional<Instant> from, Optional<Instant> to, String what) {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new DocumentException.InvalidInput(what + "From is after " + what + "To");
        }
    }
}
