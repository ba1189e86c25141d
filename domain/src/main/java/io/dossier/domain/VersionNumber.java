package io.dossier.domain;

/** Number of a version: 1, 2, 3 … without gaps. */
public record VersionNumber(int value) implements Comparable<VersionNumber> {
    public static final VersionNumber FIRST = new VersionNumber(1);

    public VersionNumber {
        if (value < 1) {
            throw new DocumentException.InvalidInput("version numbers start at 1, got " + value);
        }
    }

    public static VersionNumber of(int value) {
        return new VersionNumber(value);
    }

    public VersionNumber next() {
        return new VersionNumber(Math.addExact(value, 1));
    }

    @Override
    public int compareTo(VersionNumber other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
