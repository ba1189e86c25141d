package io.dossier.archfixture.cycle.b;

import io.dossier.archfixture.cycle.a.A;

/** The other half of a package cycle. */
public class B {
    A a;
}
