package io.dossier.domain;

import java.util.regex.Pattern;

/** The tenant a document belongs to; documents of other tenants do not exist for a caller. */
public record TenantId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public TenantId {
        Checks.present(value, "tenant");
        if (!SHAPE.matcher(value).matches()) {
            throw new DocumentException.InvalidInput("tenant must match " + SHAPE.pattern());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
