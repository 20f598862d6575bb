package io.opencredit.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** F5 SSRF: production targets are public https only, checked on every address a name resolves to. */
class TargetGuardTest {

    /** A stub DNS: names resolve to the addresses given, IP literals to themselves. */
    private static TargetGuard.Resolver dns(Map<String, String> names) {
        return host -> {
            String address = names.getOrDefault(host, host);
            if (!Character.isDigit(address.charAt(0)) && !address.contains(":")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
    }

    private static final TargetGuard.Resolver DNS = dns(Map.of(
            "hooks.example.com", "93.184.216.34",
            "rebound.example.com", "127.0.0.1",
            "inside.example.com", "10.1.2.3",
            "v6inside.example.com", "fd00::1"));

    private static boolean production(String url) {
        return TargetGuard.refusal(url, false, DNS).isEmpty();
    }

    @Test
    void F5_production_allows_public_https_targets() {
        assertThat(production("https://hooks.example.com/opencredit")).isTrue();
        assertThat(production("https://93.184.216.34:8443/x?y=1")).isTrue();
        assertThat(production("https://[2606:2800:220:1:248:1893:25c8:1946]/x")).isTrue();
    }

    @Test
    void F5_production_refuses_plain_http() {
        assertThat(TargetGuard.refusal("http://hooks.example.com/x", false, DNS)).contains("url must be https");
    }

    @Test
    void F5_production_refuses_loopback_private_link_local_unspecified_and_multicast_targets() {
        for (String url : new String[] {
                "https://127.0.0.1/x", "https://127.9.9.9/x", "https://[::1]/x",
                "https://10.0.0.1/x", "https://172.16.0.1/x", "https://172.31.255.255/x", "https://192.168.1.1/x",
                "https://[fc00::1]/x", "https://[fd12:3456::1]/x",
                "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/x",
                "https://0.0.0.0/x", "https://[::]/x",
                "https://224.0.0.1/x", "https://[ff02::1]/x",
                "https://100.64.0.1/x", "https://255.255.255.255/x",
                "https://[::ffff:127.0.0.1]/x", "https://[::ffff:10.0.0.1]/x"}) {
            assertThat(TargetGuard.refusal(url, false, DNS)).as(url).isPresent();
        }
        assertThat(production("https://172.32.0.1/x")).as("just outside 172.16/12").isTrue();
    }

    @Test
    void F5_production_refuses_a_name_that_resolves_to_an_internal_address() {
        assertThat(TargetGuard.refusal("https://rebound.example.com/x", false, DNS)).get().asString().contains("127.0.0.1");
        assertThat(production("https://inside.example.com/x")).isFalse();
        assertThat(production("https://v6inside.example.com/x")).isFalse();
        assertThat(TargetGuard.refusal("https://nowhere.invalid/x", false, DNS)).get().asString().contains("does not resolve");
    }

    @Test
    void F5_a_name_with_one_internal_address_among_public_ones_is_refused() {
        TargetGuard.Resolver mixed = host -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")};
        assertThat(TargetGuard.refusal("https://mixed.example.com/x", false, mixed)).isPresent();
    }

    @Test
    void F5_the_local_run_allows_http_and_loopback() {
        assertThat(TargetGuard.refusal("http://127.0.0.1:8089/hook", true, DNS)).isEmpty();
        assertThat(TargetGuard.refusal("http://localhost/hook", true, DNS)).isEmpty();
        assertThat(TargetGuard.refusal("ftp://127.0.0.1/hook", true, DNS)).isPresent();
    }

    @Test
    void F5_malformed_urls_are_refused_everywhere() {
        for (boolean local : new boolean[] {true, false}) {
            assertThat(TargetGuard.refusal(null, local, DNS)).isPresent();
            assertThat(TargetGuard.refusal("", local, DNS)).isPresent();
            assertThat(TargetGuard.refusal("hooks.example.com/x", local, DNS)).isPresent();
            assertThat(TargetGuard.refusal("https://user:pw@hooks.example.com/x", local, DNS)).contains("url must not carry credentials");
            assertThat(TargetGuard.refusal("https://hooks.example.com/x#frag", local, DNS)).isPresent();
            assertThat(TargetGuard.refusal("https://hooks.example.com/" + "a".repeat(2100), local, DNS)).isPresent();
            assertThat(TargetGuard.refusal("https://hooks example.com/", local, DNS)).isPresent();
        }
    }
}
