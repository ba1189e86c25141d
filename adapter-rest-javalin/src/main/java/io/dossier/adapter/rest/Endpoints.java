package io.dossier.adapter.rest;

/** A group of endpoints of one API family: it registers its routes, each wrapped by the family. */
interface Endpoints {
    void register(FamilyRoutes routes, EndpointContext context);
}
