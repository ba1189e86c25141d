package io.dossier.archfixture.application;

import io.dossier.archfixture.adapter.rest.RestThing;

/** An application service that knows an adapter. */
public class SomeService {
    RestThing rest;
}
