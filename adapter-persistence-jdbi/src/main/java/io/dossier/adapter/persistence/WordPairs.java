package io.dossier.adapter.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pairs of adjacent words, as the {@code pairs} column of a search entry keeps them: each by its
 * bucket, the first four hex digits of the MD5 of {@code 'left right'} (as {@code dossier_pairs}
 * computes them in SQL for the small fields; for a text, here, from its tsvector, at a fraction
 * of the database's cost).
 *
 * <p>For a query: reads PostgreSQL's text form of a tsquery (as {@code websearch_to_tsquery} makes it: quoted
 * lexemes, {@code & | ! <-> <N>} and parentheses) and names the pairs of adjacent words that any
 * match must hold: every two plain lexemes joined directly by {@code <->}. That holds only when
 * the query has no OR and no NOT, so for those it names none.
 */
final class WordPairs {
    /** PostgreSQL keeps word positions up to this; later words all stand at it. */
    private static final int MAX_POSITION = 16_383;

    private WordPairs() {
    }

    /** A tsquery on the {@code pairs} column, or empty when the query needs no pair. */
    static Optional<String> ofQuery(String tsquery) {
        List<String> tokens = tokens(tsquery);
        if (tokens == null || tokens.contains("|") || tokens.contains("!")) {
            return Optional.empty();
        }
        Set<String> pairs = new LinkedHashSet<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            String left = tokens.get(i);
            String right = tokens.get(i + 2);
            if (plain(left) && tokens.get(i + 1).equals("<->") && plain(right)) {
                pairs.add("'" + bucket(lexeme(left) + " " + lexeme(right)) + "'");
            }
        }
        return pairs.isEmpty() ? Optional.empty() : Optional.of(String.join(" & ", pairs));
    }

    /**
     * The buckets of the adjacent pairs in a tsvector's text form ({@code 'word':1,4B 'other':2}),
     * in no particular order, each once.
     */
    static String[] ofVector(String tsvector) {
        String[] at = new String[MAX_POSITION + 2];
        int i = 0;
        int n = tsvector.length();
        while (i < n) {
            if (tsvector.charAt(i) == ' ') {
                i++;
                continue;
            }
            if (tsvector.charAt(i) != '\'') {
                throw new IllegalArgumentException("not a tsvector at " + i + ": " + tsvector);
            }
            StringBuilder lexeme = new StringBuilder();
            i++;
            while (true) {
                char c = tsvector.charAt(i);
                if (c == '\\') {
                    lexeme.append(tsvector.charAt(i + 1));
                    i += 2;
                } else if (c == '\'' && i + 1 < n && tsvector.charAt(i + 1) == '\'') {
                    lexeme.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    lexeme.append(c);
                    i++;
                }
            }
            String word = lexeme.toString();
            if (i < n && tsvector.charAt(i) == ':') {
                i++;
                while (i < n && tsvector.charAt(i) != ' ') {
                    int start = i;
                    while (i < n && Character.isDigit(tsvector.charAt(i))) {
                        i++;
                    }
                    at[Integer.parseInt(tsvector, start, i, 10)] = word;
                    while (i < n && tsvector.charAt(i) != ',' && tsvector.charAt(i) != ' ') {
                        i++; // a weight
                    }
                    if (i < n && tsvector.charAt(i) == ',') {
                        i++;
                    }
                }
            }
        }
        Set<String> buckets = new java.util.HashSet<>();
        for (int p = 1; p < MAX_POSITION; p++) {
            if (at[p] != null && at[p + 1] != null) {
                buckets.add(bucket(at[p] + " " + at[p + 1]));
            }
        }
        return buckets.toArray(new String[0]);
    }

    private static boolean plain(String token) {
        return token.length() >= 2 && token.charAt(0) == '\'' && token.charAt(token.length() - 1) == '\'';
    }

    /** The lexeme a quoted token stands for: its quotes off, {@code ''} and backslash escapes undone. */
    private static String lexeme(String token) {
        StringBuilder lexeme = new StringBuilder();
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if ((c == '\\' || c == '\'') && i + 1 < token.length() - 1) {
                i++;
                c = token.charAt(i);
            }
            lexeme.append(c);
        }
        return lexeme.toString();
    }

    static String bucket(String pair) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(pair.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** The tokens, a quoted lexeme with what follows it (":*", ":AB") as one; null if unreadable. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        return null;
                    }
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < text.length()) {
                        j += 2;
                    } else if (d == '\'' && j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                        j += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        j++;
                    }
                }
                int end = j + 1;
                while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != ')') {
                    end++; // a weight or prefix mark makes the lexeme not plain
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else if (c == '<') {
                int close = text.indexOf('>', i);
                if (close < 0) {
                    return null;
                }
                tokens.add(text.substring(i, close + 1));
                i = close + 1;
            } else if (c == '&' || c == '|' || c == '!' || c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                return null;
            }
        }
        return tokens;
    }
}
