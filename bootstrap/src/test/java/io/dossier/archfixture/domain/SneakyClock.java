package io.dossier.archfixture.domain;

import java.time.Instant;
import java.util.function.Supplier;

/** Reads the clock through a method reference instead of a call. */
public class SneakyClock {
    final Supplier<Instant> now = Instant::now;
}
