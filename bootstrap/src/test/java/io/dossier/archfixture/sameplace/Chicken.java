package io.dossier.archfixture.sameplace;

/** Breaks "no class cycles": it needs an egg, which needs it. */
public final class Chicken {
    Egg lay() {
        return new Egg(this);
    }
}
