package io.dossier.domain;

/** Whether public tokens may be issued for a document. */
public enum Visibility {
    PRIVATE, PUBLIC
}
