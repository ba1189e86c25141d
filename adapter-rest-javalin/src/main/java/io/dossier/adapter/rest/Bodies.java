package io.dossier.adapter.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Request bodies: JSON bound to a record by Jackson (strictly: unknown fields, numbers for text
 * and text for numbers are refused), then checked with Bean Validation. Every way a body can be
 * wrong becomes one {@link MalformedRequest} naming each offending field; the family's dialect
 * decides its status and shape. The domain still checks its own rules (lengths, names) after.
 */
final class Bodies {
    private static final ObjectMapper STRICT = strict();
    private static final Validator VALIDATOR;

    static {
        // The parameter interpolator needs no expression language: messages are plain text.
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        VALIDATOR = factory.getValidator();
    }

    private Bodies() {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = Json.mapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // Dates are ISO-8601 text: a number would be read as seconds since 1970, and one too large
        // for that silently as 1970 itself.
        mapper.registerModule(new SimpleModule().addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                    return (Instant) context.handleUnexpectedToken(Instant.class, parser);
                }
                return InstantDeserializer.INSTANT.deserialize(parser, context);
            }
        }));
        return mapper;
    }

    /** One field that is wrong, and why. */
    record FieldError(String field, String message) {
    }

    /** A body that is not what the endpoint takes; rendered by the family's dialect. */
    static final class MalformedRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<FieldError> errors;

        MalformedRequest(String message, List<FieldError> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }

        List<FieldError> errors() {
            return errors;
        }
    }

    /**
     * The body bound to {@code type} and validated; empty when there is no body.
     *
     * @param strictType whether a declared Content-Type other than JSON is refused (415); some seed
     *                   clients send JSON without saying so
     */
    static <T> Optional<T> read(Context ctx, Class<T> type, boolean strictType, int maxBytes) {
        String declared = ctx.contentType();
        if (strictType && declared != null && !declared.isBlank()) {
            String base = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!base.equals("application/json") && !base.endsWith("+json")) {
                throw new HttpProblem(415, "the body must be application/json, not " + Requests.shorten(base));
            }
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
        if (bytes.length > maxBytes) {
            throw new HttpProblem(413, "a JSON body has at most " + maxBytes + " bytes");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Optional.empty();
        }
        T value;
        try {
            value = STRICT.readValue(bytes, type);
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedRequest("unknown field '" + Requests.shorten(e.getPropertyName()) + "'; known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")),
                    List.of(new FieldError(e.getPropertyName(), "is not a field of this request")));
        } catch (JsonMappingException e) {
            String field = path(e);
            if (field.isEmpty()) {
                // Not even an object: as broken as invalid JSON, in every family.
                throw HttpProblem.badRequest("the body must be a JSON object");
            }
            throw new MalformedRequest(field + " has the wrong type", List.of(new FieldError(field, "has the wrong type")));
        } catch (JacksonException e) {
            // Not JSON at all (or a number out of range): a broken request in every family.
            throw HttpProblem.badRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (value == null) {
            throw HttpProblem.badRequest("the body must be a JSON object");
        }
        List<FieldError> violations = VALIDATOR.validate(value).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        if (!violations.isEmpty()) {
            throw new MalformedRequest(violations.stream().map(v -> v.field() + " " + v.message())
                    .collect(Collectors.joining("; ")), violations);
        }
        return Optional.of(value);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                : "[" + reference.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
    }
}
