package io.dossier.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumableUploadTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final long MIB = 1 << 20;

    private static ResumableUpload upload(long length) {
        return ResumableUpload.create("u-1", new TenantId("acme"), length, "mp-1", "filename YS5wZGY=",
                T0.plus(Duration.ofDays(1)));
    }

    private static ResumableUpload.Tail tail(String key, long length) {
        return new ResumableUpload.Tail(key, length);
    }

    @Test
    void a_claim_needs_the_upload_s_offset_and_no_live_claim_of_another_request() {
        ResumableUpload u = upload(40 * MIB);
        assertThrows(DocumentException.Conflict.class, () -> u.claim("a", 5, T0, T0.plusSeconds(60)));
        u.claim("a", 0, T0, T0.plusSeconds(60));
        assertThrows(DocumentException.Conflict.class, () -> u.claim("b", 0, T0.plusSeconds(59), T0.plusSeconds(120)));
        u.claim("b", 0, T0.plusSeconds(60), T0.plusSeconds(120)); // the first claim lapsed
        assertFalse(u.holds("a"));
        assertThrows(DocumentException.Conflict.class, () -> u.receive("a", List.of(), Optional.of(tail("t", 1))),
                "a request whose claim was taken over writes nothing");
    }

    @Test
    void tails_are_added_in_order_until_a_part_replaces_them_all() {
        ResumableUpload u = upload(40 * MIB);
        u.claim("a", 0, T0, T0.plusSeconds(60));
        u.receive("a", List.of(), Optional.of(tail("t1", 100)));
        u.receive("a", List.of(), Optional.of(tail("t2", 200)));
        assertEquals(List.of(tail("t1", 100), tail("t2", 200)), u.tails());
        assertEquals(300, u.offset());

        u.receive("a", List.of(new ResumableUpload.Part(1, 16 * MIB, "e1")), Optional.of(tail("t3", 7)));

        assertEquals(List.of(tail("t3", 7)), u.tails());
        assertEquals(16 * MIB + 7, u.offset());
        assertEquals(2, u.nextPartNumber());
        assertThrows(DocumentException.Conflict.class, () -> u.receive("a",
                List.of(new ResumableUpload.Part(1, 16 * MIB, "e1")), Optional.empty()), "a part is recorded once");
    }

    @Test
    void past_the_most_tails_they_are_merged_and_never_past_the_length() {
        ResumableUpload u = upload(40 * MIB);
        u.claim("a", 0, T0, T0.plusSeconds(60));
        for (int i = 0; i < ResumableUpload.MAX_TAILS; i++) {
            u.receive("a", List.of(), Optional.of(tail("t" + i, 10)));
        }
        assertThrows(DocumentException.Conflict.class, () -> u.receive("a", List.of(), Optional.of(tail("x", 10))));
        assertThrows(DocumentException.InvalidInput.class, () -> u.mergeTails("a", tail("m", 320)),
                "a merged tail holds more than the tails it replaces");

        u.mergeTails("a", tail("m", 330));

        assertEquals(List.of(tail("m", 330)), u.tails());
        assertThrows(DocumentException.InvalidInput.class, () -> u.receive("a", List.of(),
                Optional.of(tail("big", 40 * MIB))));
        assertEquals(330, u.offset(), "a refused receipt changes nothing");
    }

    @Test
    void it_finishes_only_with_every_byte_in_parts_and_then_takes_nothing_more() {
        ResumableUpload u = upload(20 * MIB);
        u.claim("a", 0, T0, T0.plusSeconds(60));
        u.receive("a", List.of(new ResumableUpload.Part(1, 16 * MIB, "e1")), Optional.of(tail("t", 4 * MIB)));
        assertThrows(DocumentException.Conflict.class, () -> u.finish("a"), "a tail is not a part yet");
        u.receive("a", List.of(new ResumableUpload.Part(2, 4 * MIB, "e2")), Optional.empty());

        u.finish("a");

        assertEquals(ResumableUpload.State.RECEIVED, u.state());
        assertThrows(DocumentException.Conflict.class, () -> u.claim("b", 20 * MIB, T0, T0.plusSeconds(60)));
        assertThrows(DocumentException.Conflict.class, () -> u.terminate(T0));
    }

    @Test
    void an_expired_or_terminated_upload_is_gone_to_requests() {
        ResumableUpload expired = upload(MIB);
        assertThrows(DocumentException.Conflict.class, () -> expired.expire(T0), "not yet");
        assertThrows(DocumentException.NotFound.class, () -> expired.claim("a", 0, T0.plus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(2))));
        expired.expire(T0.plus(Duration.ofDays(1)));
        assertEquals(ResumableUpload.State.EXPIRED, expired.state());

        ResumableUpload terminated = upload(MIB);
        terminated.terminate(T0);
        assertThrows(DocumentException.NotFound.class, () -> terminated.claim("a", 0, T0, T0.plusSeconds(1)));
        assertThrows(DocumentException.NotFound.class, () -> terminated.terminate(T0));
        assertTrue(terminated.tails().isEmpty());
    }
}
