package io.dossier.adapter.rest;

import java.util.List;

/**
 * One API family: the path roots it owns and the error dialect its answers speak. The families
 * and their endpoints are declared together, once, in {@link Families}.
 *
 * @param roots paths the family owns: the root itself and everything below it
 */
record ApiFamily(String name, ErrorDialect dialect, List<String> roots) {

    boolean owns(String path) {
        return path != null && roots.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
    }
}
