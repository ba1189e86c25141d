package io.dossier.adapter.persistence;

import io.dossier.domain.Author;
import io.dossier.domain.VersionNumber;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reading and binding the column shapes the tables share. */
final class Columns {
    private Columns() {
    }

    /**
     * Properties are a JSON object of strings. Written from two parallel arrays and read back as
     * two arrays in key order, so that no JSON library is needed.
     */
    static String writeProperties(String parameterPrefix) {
        return "jsonb_object(CAST(:" + parameterPrefix + "_names AS text[]), CAST(:" + parameterPrefix
                + "_values AS text[]))";
    }

    /** The names of a properties column, as read back into {@code <alias>_names}. */
    static String propertyNames(String column) {
        return "ARRAY(SELECT p.key FROM jsonb_each_text(" + column + ") p ORDER BY p.key)";
    }

    /** Its values in the same order, into {@code <alias>_values}. */
    static String propertyValues(String column) {
        return "ARRAY(SELECT p.value FROM jsonb_each_text(" + column + ") p ORDER BY p.key)";
    }

    static <S extends SqlStatement<S>> S bindProperties(S statement, String parameterPrefix,
                                                        Map<String, String> properties) {
        String[] names = properties.keySet().toArray(String[]::new);
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = properties.get(names[i]);
        }
        return statement.bind(parameterPrefix + "_names", names).bind(parameterPrefix + "_values", values);
    }

    static Map<String, String> properties(ResultSet row, String alias) throws SQLException {
        String[] names = strings(row.getArray(alias + "_names"));
        String[] values = strings(row.getArray(alias + "_values"));
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            properties.put(names[i], values[i]);
        }
        return properties;
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /** Bound as an offset date-time so that the driver sends a TIMESTAMPTZ, whatever the JVM's zone. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Optional<VersionNumber> versionNumber(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(VersionNumber.of(value));
    }

    static Integer versionNumber(Optional<VersionNumber> number) {
        return number.map(VersionNumber::value).orElse(null);
    }

    static Author author(ResultSet row, String prefix) throws SQLException {
        return new Author(row.getString(prefix + "_reference"), row.getString(prefix + "_display"));
    }
}
