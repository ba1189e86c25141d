package io.dossier.domain;

/** Who made a change: a reference such as {@code Practitioner/42} and a name to show. */
public record Author(String reference, String display) {
    public Author {
        Checks.text(reference, "author reference", 256);
        display = display == null || display.isBlank() ? reference : Checks.text(display, "author display", 256);
    }
}
