package io.dossier.archfixture.application;

import io.dossier.archfixture.adapter.rest.RestThing;

/** An application service that knows an adapter, and libraries that belong to adapters. */
public class SomeService {
    RestThing rest;
    org.apache.tika.parser.AutoDetectParser tika;
    com.nimbusds.jwt.SignedJWT jwt;
}
