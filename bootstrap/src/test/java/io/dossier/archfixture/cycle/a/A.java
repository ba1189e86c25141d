package io.dossier.archfixture.cycle.a;

import io.dossier.archfixture.cycle.b.B;

/** One half of a package cycle. */
public class A {
    B b;
}
