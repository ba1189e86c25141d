package io.dossier.adapter.rest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The form reader against many random forms, each handed over in random small pieces (as a
 * network does): every part comes back whole, whatever falls on the edge of a read or a buffer.
 */
class MultipartReaderTest {
    private static final String BOUNDARY = "----reader0123456789";

    /** A part as written, and as it must come back. */
    private record Written(String name, Optional<String> fileName, byte[] content) {
    }

    /** Hands out the bytes a few at a time, at most {@code most} per read. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int most;
        private int position;

        Trickle(byte[] data, long seed, int most) {
            this.data = data;
            this.random = new Random(seed);
            this.most = most;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(most)), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    /** Content that keeps starting the delimiter without finishing it, among random bytes. */
    private static byte[] content(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out.writeBytes(("\r\n--" + BOUNDARY.substring(0, random.nextInt(BOUNDARY.length())))
                        .getBytes(StandardCharsets.ISO_8859_1));
                case 1 -> out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                // The boundary itself, but not after a line break (a client picks one its content lacks).
                case 2 -> out.writeBytes(("x--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1));
                default -> {
                    byte[] noise = new byte[random.nextInt(random.nextBoolean() ? 100 : 100_000)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
            }
        }
        return out.toByteArray();
    }

    private static boolean containsDelimiter(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        return text.contains("\r\n--" + BOUNDARY);
    }

    private static byte[] form(List<Written> parts, String ending, String preamble) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (Written part : parts) {
            String disposition = "form-data; name=\"" + part.name() + "\""
                    + part.fileName().map(f -> "; filename=\"" + f + "\"").orElse("");
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + BOUNDARY + "--" + ending).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static List<Written> read(MultipartReader reader, Random random) throws IOException {
        List<Written> parts = new ArrayList<>();
        for (Optional<MultipartReader.Part> part = reader.nextPart(); part.isPresent(); part = reader.nextPart()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 + random.nextInt(70_000)];
            for (int n; (n = reader.readContent(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0; ) {
                content.write(buffer, 0, n);
            }
            parts.add(new Written(part.get().name(), part.get().fileName(), content.toByteArray()));
        }
        return parts;
    }

    @Test
    void random_forms_in_random_pieces_come_back_part_for_part() throws IOException {
        String[] endings = {"\r\n", "", "\r\nan epilogue\r\n"};
        for (long seed = 1; seed <= 1000; seed++) {
            Random random = new Random(seed);
            List<Written> parts = new ArrayList<>();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                byte[] content = content(random);
                while (containsDelimiter(content)) {
                    content = content(random); // a client picks a boundary its content lacks
                }
                parts.add(new Written("p" + i, random.nextBoolean() ? Optional.of("f" + i + ".bin") : Optional.empty(),
                        content));
            }
            byte[] body = form(parts, endings[random.nextInt(endings.length)],
                    random.nextBoolean() ? "" : "a preamble, ignored\r\n");
            MultipartReader reader = new MultipartReader(new Trickle(body, seed, 1 + random.nextInt(3000)), BOUNDARY,
                    body.length, "at most the test's body");
            List<Written> back;
            try {
                back = read(reader, random);
            } catch (HttpProblem e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + " in a body of " + body.length
                        + " bytes, parts " + parts.size(), e);
            }
            assertEquals(parts.size(), back.size(), "seed " + seed);
            for (int i = 0; i < parts.size(); i++) {
                assertEquals(parts.get(i).name(), back.get(i).name(), "seed " + seed);
                assertEquals(parts.get(i).fileName(), back.get(i).fileName(), "seed " + seed);
                assertArrayEquals(parts.get(i).content(), back.get(i).content(), "seed " + seed + ", part " + i);
            }
        }
    }

    @Test
    void the_position_after_a_part_head_is_where_its_content_starts() throws IOException {
        byte[] content = "hello".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = form(List.of(new Written("file", Optional.of("a.txt"), content)), "\r\n", "");
        MultipartReader reader = new MultipartReader(new Trickle(body, 7, 3), BOUNDARY, body.length, "limit");
        reader.nextPart();
        long start = reader.position();
        assertEquals(body.length - content.length - reader.closeLength(), start);
    }

    @Test
    void broken_bodies_are_a_client_error() {
        byte[] cut = java.util.Arrays.copyOf(form(List.of(new Written("a", Optional.empty(), new byte[5000])), "\r\n", ""),
                3000);
        HttpProblem problem = assertThrows(HttpProblem.class, () -> read(new MultipartReader(new Trickle(cut, 1, 100),
                BOUNDARY, 1 << 20, "limit"), new Random(1)));
        assertEquals(400, problem.status());
        byte[] body = form(List.of(new Written("a", Optional.empty(), new byte[5000])), "\r\n", "");
        problem = assertThrows(HttpProblem.class, () -> read(new MultipartReader(new Trickle(body, 1, 100), BOUNDARY,
                1000, "at most 1000 bytes"), new Random(1)));
        assertEquals(413, problem.status());
        assertTrue(problem.getMessage().contains("at most 1000 bytes"), problem.getMessage());
        assertEquals(400, assertThrows(HttpProblem.class, () -> MultipartReader.boundary("multipart/form-data")).status());
        assertEquals(BOUNDARY, MultipartReader.boundary("multipart/form-data; boundary=\"" + BOUNDARY + "\""));
    }
}
