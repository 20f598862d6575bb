package io.opencredit.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void a_keyset_cursor_names_the_row_a_page_ended_at_and_fits_a_query_string() {
        Instant at = Instant.parse("2026-12-07T21:03:04.123456789Z");
        UUID id = UUID.randomUUID();
        String cursor = Paging.keysetCursor(at, id);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        Map.Entry<Instant, UUID> position = Paging.keysetPosition(cursor, (time, text) -> Map.entry(time, UUID.fromString(text)));
        assertThat(position.getKey()).isEqualTo(at);
        assertThat(position.getValue()).isEqualTo(id);
    }

    @Test
    void a_version_cursor_names_the_stream_version_a_page_ended_at() {
        assertThat(Paging.version(Paging.versionCursor(39_442))).isEqualTo(39_442);
    }

    @Test
    void a_sequence_cursor_names_the_row_id_a_page_ended_at_and_is_no_version_cursor() {
        assertThat(Paging.sequence(Paging.sequenceCursor(1234))).isEqualTo(1234);
        assertThatThrownBy(() -> Paging.version(Paging.sequenceCursor(5))).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertProblem(e, "invalid-cursor"));
        for (String bad : new String[] {"", "5", encode("s/0"), encode("s/x"), Paging.versionCursor(5)}) {
            assertThatThrownBy(() -> Paging.sequence(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertProblem(e, "invalid-cursor"));
        }
    }

    @Test
    void anything_else_as_a_cursor_is_400_invalid_cursor() {
        UUID id = UUID.randomUUID();
        for (String bad : new String[] {"", "not base64!", encode("12.5"), encode("x.y/" + id), "A".repeat(201),
                Paging.versionCursor(7)}) {
            assertThatThrownBy(() -> Paging.keysetPosition(bad, (time, text) -> UUID.fromString(text))).as(bad)
                    .isInstanceOf(ProblemException.class).satisfies(e -> assertProblem(e, "invalid-cursor"));
        }
        for (String bad : new String[] {"", encode("v/0"), encode("v/x"), encode("w/5"), Paging.keysetCursor(Instant.EPOCH, id)}) {
            assertThatThrownBy(() -> Paging.version(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertProblem(e, "invalid-cursor"));
        }
    }

    @Test
    void a_limit_is_a_whole_number_within_the_page_bound_and_defaults_when_absent() {
        assertThat(Paging.limit(null, 100, 500)).isEqualTo(100);
        assertThat(Paging.limit(" 500 ", 100, 500)).isEqualTo(500);
        assertThat(Paging.limit("1", 100, 500)).isEqualTo(1);
        for (String bad : new String[] {"0", "501", "-1", "1.5", "ten", "", "9".repeat(30)}) {
            assertThatThrownBy(() -> Paging.limit(bad, 100, 500)).as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertProblem(e, "invalid-limit"));
        }
    }

    private static void assertProblem(Throwable e, String slug) {
        assertThat(((ProblemException) e).problem().status()).isEqualTo(400);
        assertThat(((ProblemException) e).problem().type().toString()).endsWith(slug);
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
