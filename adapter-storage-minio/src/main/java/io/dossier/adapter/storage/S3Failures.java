package io.dossier.adapter.storage;

import io.dossier.domain.DocumentException;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what the MinIO client throws into the domain's exceptions, so none of its types escape. */
final class S3Failures {
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NoSuchUpload",
            "NoSuchVersion");
    private static final Set<String> TRY_LATER = Set.of("InternalError", "ServiceUnavailable", "SlowDown",
            "RequestTimeout", "XMinioServerNotInitialized");

    private S3Failures() {
    }

    /** The exception to throw for a failed call; {@code what} names the call and its object for the message. */
    static RuntimeException translate(String what, Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DocumentException.Unavailable(what + ": interrupted", e);
        }
        if (e instanceof ErrorResponseException error) {
            String code = error.errorResponse() == null ? "" : String.valueOf(error.errorResponse().code());
            int status = error.response() == null ? 0 : error.response().code();
            if (MISSING.contains(code) || status == 404) {
                return new DocumentException.NotFound(what + ": not found (" + code + ")");
            }
            if ("InvalidRange".equals(code) || status == 416) {
                return new DocumentException.InvalidInput(what + ": the range starts after the end of the object");
            }
            if (TRY_LATER.contains(code) || status >= 500) {
                return new DocumentException.Unavailable(what + ": the store answered " + status + " " + code, e);
            }
            return new IllegalStateException(what + ": the store refused the request: " + status + " " + code + " "
                    + (error.errorResponse() == null ? "" : error.errorResponse().message()), e);
        }
        if (e instanceof ServerException || e instanceof InvalidResponseException) {
            // 5xx, or an answer that is not S3's (a proxy's error page): the store is not usable now.
            return new DocumentException.Unavailable(what + ": the store cannot serve requests now", e);
        }
        if (e instanceof IOException) {
            // Connection refused, reset, timed out, unknown host.
            return new DocumentException.Unavailable(what + ": the store cannot be reached (" + e + ")", e);
        }
        if (e instanceof UncheckedIOException unchecked) {
            return new DocumentException.Unavailable(what + ": the store cannot be reached (" + unchecked.getCause() + ")",
                    unchecked.getCause());
        }
        if (e instanceof RuntimeException runtime) {
            return runtime instanceof DocumentException ? runtime : new IllegalStateException(what + " failed", runtime);
        }
        return new IllegalStateException(what + " failed", e);
    }

    /** The exception for an error answer read off the wire (status and S3 error code), as {@link #translate} decides. */
    static RuntimeException answered(String what, int status, String code) {
        if (MISSING.contains(code) || status == 404) {
            return new DocumentException.NotFound(what + ": not found (" + code + ")");
        }
        if ("InvalidRange".equals(code) || status == 416) {
            return new DocumentException.InvalidInput(what + ": the range starts after the end of the object");
        }
        if (TRY_LATER.contains(code) || status >= 500) {
            return new DocumentException.Unavailable(what + ": the store answered " + status + " " + code, null);
        }
        return new IllegalStateException(what + ": the store refused the request: " + status + " " + code);
    }

    /** True when the failure means "no such object or bucket". */
    static boolean isMissing(Throwable failure) {
        if (unwrap(failure) instanceof ErrorResponseException error) {
            String code = error.errorResponse() == null ? "" : String.valueOf(error.errorResponse().code());
            return MISSING.contains(code) || (error.response() != null && error.response().code() == 404);
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        // The client runs calls as futures and rethrows their failures wrapped, sometimes twice.
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || (e != null && e.getClass() == RuntimeException.class)) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
