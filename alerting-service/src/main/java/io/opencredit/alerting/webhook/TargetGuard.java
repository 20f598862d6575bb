package io.opencredit.alerting.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * SSRF (SPEC F5): which URLs a webhook may target. In production only {@code https} to public addresses: the host
 * is resolved and every address it resolves to must be public (not loopback, private, unique-local, link-local,
 * unspecified, multicast, carrier-grade NAT or reserved). It is checked at registration and again before each
 * delivery, so a name that later resolves to an internal address (DNS rebinding) is refused then. The local run
 * ({@link WebhookConfig#localTargets()}) allows {@code http} and any address.
 */
public final class TargetGuard {

    public static final int MAX_URL_LENGTH = 2048;

    /** Resolves a host name to its addresses ({@link InetAddress#getAllByName} in the service, a stub in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver DNS = InetAddress::getAllByName;

    private TargetGuard() {
    }

    /** Why this URL may not be a target, or empty when it may. */
    public static Optional<String> refusal(String url, boolean localTargets, Resolver resolver) {
        Optional<String> form = formRefusal(url, localTargets);
        if (form.isPresent() || localTargets) {
            return form;
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(unbracketed(host));
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("the host " + host + " resolves to " + address.getHostAddress()
                        + ", which is not a public address (loopback, private, link-local and the like are refused)");
            }
        }
        return Optional.empty();
    }

    /** The checks that need no DNS: an absolute http(s) URL with a host, no credentials and no fragment. */
    static Optional<String> formRefusal(String url, boolean localTargets) {
        if (url == null || url.isBlank()) {
            return Optional.of("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(localTargets && scheme.equals("http"))) {
            return Optional.of(localTargets ? "url must be http or https" : "url must be https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("url must not have a fragment");
        }
        return Optional.empty();
    }

    /** Whether a target may be reached from production: a public unicast address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0                                  // 0.0.0.0/8, "this network"
                    && !(first == 100 && (second & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
                    && !(first == 198 && (second & 0xfe) == 18) // 198.18.0.0/15, benchmarking
                    && first < 240;                             // 240.0.0.0/4 reserved, and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {                       // fc00::/7, unique local
                return false;
            }
            if (isIpv4Mapped(bytes)) {                          // ::ffff:a.b.c.d: judged as a.b.c.d
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
