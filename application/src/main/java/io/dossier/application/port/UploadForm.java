package io.dossier.application.port;

import io.dossier.domain.DocumentException;

import java.net.URI;
import java.util.Map;

/**
 * What lets a client put one object straight into the store: a presigned POST form. The client
 * posts {@code fields} plus a {@code file} part to {@code url}. It lives beside the port packages
 * because the upload use case hands out what the content store makes (and neither names the other).
 */
public record UploadForm(URI url, Map<String, String> fields) {
    public UploadForm {
        if (url == null || fields == null) {
            throw new DocumentException.InvalidInput("an upload form needs a url and its fields");
        }
        fields = Map.copyOf(fields);
    }
}
