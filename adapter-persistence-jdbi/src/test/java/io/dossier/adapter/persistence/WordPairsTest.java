package io.dossier.adapter.persistence;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordPairsTest {
    /** The buckets as the test computes them: MD5 hex, first four digits, of "left right". */
    private static String pairs(String... pairs) {
        return java.util.Arrays.stream(pairs)
                .map(p -> "'" + java.util.HexFormat.of().formatHex(md5(p)).substring(0, 4) + "'")
                .collect(java.util.stream.Collectors.joining(" & "));
    }

    private static byte[] md5(String text) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_bucket_is_the_one_postgresql_computes() {
        // As psql answers: SELECT left(md5('quarterly report'), 4), left(md5('it''s a|b'), 4)
        assertEquals("182f", WordPairs.bucket("quarterly report"));
        assertEquals("0589", WordPairs.bucket("it's a|b"));
    }

    @Test
    void a_phrase_needs_each_of_its_adjacent_pairs() {
        assertEquals(Optional.of(pairs("quarterly report", "report late")),
                WordPairs.ofQuery("'quarterly' <-> 'report' <-> 'late'"));
    }

    @Test
    void phrases_joined_by_and_need_the_pairs_of_both() {
        assertEquals(Optional.of(pairs("a b", "c d")), WordPairs.ofQuery("'a' <-> 'b' & 'x' & ( 'c' <-> 'd' )"));
    }

    @Test
    void words_without_phrases_need_no_pair() {
        assertEquals(Optional.empty(), WordPairs.ofQuery("'quarterly' & 'report'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery(""));
    }

    @Test
    void or_and_not_make_no_pair_necessary() {
        assertEquals(Optional.empty(), WordPairs.ofQuery("'a' <-> 'b' | 'c'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery("'c' & !( 'a' <-> 'b' )"));
    }

    @Test
    void gaps_groups_weights_and_prefixes_are_not_pairs() {
        assertEquals(Optional.empty(), WordPairs.ofQuery("'a' <2> 'b'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery("( 'a' & 'b' ) <-> 'c'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery("'a':* <-> 'b'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery("'a':AB <-> 'b'"));
    }

    @Test
    void quotes_inside_lexemes_keep_their_escaping() {
        assertEquals(Optional.of(pairs("it's a|b")), WordPairs.ofQuery("'it''s' <-> 'a|b'"));
        assertEquals(Optional.of(pairs("back\\slash x")), WordPairs.ofQuery("'back\\\\slash' <-> 'x'"));
    }

    @Test
    void text_it_cannot_read_makes_no_pair() {
        assertEquals(Optional.empty(), WordPairs.ofQuery("'open <-> 'b'"));
        assertEquals(Optional.empty(), WordPairs.ofQuery("foo <-> bar"));
    }

    @Test
    void a_vector_gives_the_buckets_of_its_adjacent_positions() {
        // As PostgreSQL writes setweight(to_tsvector('simple', 'it''s a back\slash x-y'), 'B') and 'a b a'.
        assertEquals(java.util.Set.of(bucketOf("it s"), bucketOf("s a"), bucketOf("a back"), bucketOf("back slash"),
                        bucketOf("slash x-y"), bucketOf("x-y x"), bucketOf("x y")),
                java.util.Set.of(WordPairs.ofVector("'a':3B 'back':4B 'it':1B 's':2B 'slash':5B 'x':7B 'x-y':6B 'y':8B")));
        assertEquals(java.util.Set.of(bucketOf("a b"), bucketOf("b a")), java.util.Set.of(WordPairs.ofVector("'a':1,3 'b':2")));
        assertEquals(java.util.Set.of(bucketOf("it's x\\y")), java.util.Set.of(WordPairs.ofVector("'it''s':1 'x\\\\y':2")));
        assertEquals(0, WordPairs.ofVector("").length);
        assertEquals(0, WordPairs.ofVector("'alone':1 'apart':3").length);
    }

    private static String bucketOf(String pair) {
        return java.util.HexFormat.of().formatHex(md5(pair)).substring(0, 4);
    }
}
