package io.dossier.archfixture.sameplace;

/** The other half of the cycle. */
public final class Egg {
    private final Chicken mother;

    Egg(Chicken mother) {
        this.mother = mother;
    }

    Chicken hatch() {
        return mother;
    }
}
