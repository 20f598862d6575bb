package io.opencredit.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCodeTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void K2_generated_codes_have_five_groups_of_five_from_the_alphabet_and_parse_back() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            KeyCode code = KeyCode.generate(random);
            assertThat(code.formatted()).matches("([" + KeyCode.ALPHABET + "]{5}-){4}[" + KeyCode.ALPHABET + "]{5}");
            assertThat(KeyCode.parse(code.formatted())).isEqualTo(code);
            seen.add(code.value());
        }
        assertThat(seen).hasSize(2000);
    }

    @Test
    void K2_alphabet_has_no_look_alike_characters() {
        // the alphabet of Microsoft product keys: no 0/O, no 1/I/L, no 5/S, no 2/Z, no vowels
        for (char c : "0O1IL5SZUAEN".toCharArray()) {
            assertThat(KeyCode.ALPHABET).doesNotContain(String.valueOf(c));
        }
        assertThat(KeyCode.ALPHABET.chars().distinct().count()).isEqualTo(KeyCode.ALPHABET.length());
    }

    @Test
    void K2_input_is_read_case_insensitively_with_or_without_dashes() {
        KeyCode code = KeyCode.generate(random);
        assertThat(KeyCode.parse(code.value().toLowerCase())).isEqualTo(code);
        assertThat(KeyCode.parse("  " + code.formatted().toLowerCase() + " ")).isEqualTo(code);
        assertThat(KeyCode.parse(code.value())).isEqualTo(code);
    }

    @Test
    void K2_every_single_mistyped_character_is_malformed() {
        KeyCode code = KeyCode.generate(random);
        String value = code.value();
        for (int position = 0; position < KeyCode.LENGTH; position++) {
            for (char c : KeyCode.ALPHABET.toCharArray()) {
                if (c == value.charAt(position)) {
                    continue;
                }
                String typo = value.substring(0, position) + c + value.substring(position + 1);
                assertThatThrownBy(() -> KeyCode.parse(typo)).isInstanceOf(MalformedKeyCodeException.class);
            }
        }
    }

    @Test
    void K2_most_swaps_of_neighbours_are_caught() {
        int swaps = 0;
        int caught = 0;
        for (int i = 0; i < 200; i++) {
            String value = KeyCode.generate(random).value();
            for (int p = 0; p < KeyCode.LENGTH - 1; p++) {
                if (value.charAt(p) == value.charAt(p + 1)) {
                    continue;
                }
                String swapped = value.substring(0, p) + value.charAt(p + 1) + value.charAt(p) + value.substring(p + 2);
                swaps++;
                try {
                    KeyCode.parse(swapped);
                } catch (MalformedKeyCodeException e) {
                    caught++;
                }
            }
        }
        assertThat((double) caught / swaps).isGreaterThan(0.9);
    }

    @Test
    void K2_wrong_length_characters_or_dashes_are_malformed() {
        String value = KeyCode.generate(random).value();
        for (String bad : new String[] {"", "   ", value.substring(1), value + "B", value.replace(value.charAt(3), '0'),
                value.substring(0, 24) + "O", value.substring(0, 3) + "-" + value.substring(3), "BCDFG-HJKMP-QRTVW-XY234-678"}) {
            assertThatThrownBy(() -> KeyCode.parse(bad)).isInstanceOf(MalformedKeyCodeException.class);
        }
        assertThatThrownBy(() -> KeyCode.parse(null)).isInstanceOf(MalformedKeyCodeException.class);
    }
}
