package io.opencredit.events;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a deprovisioned subscription's personal data becomes (SPEC S3, "its data is deleted"): the one rule every
 * service applies, so that the same address of the same subscription gets the same pseudonym everywhere and the
 * references between services stay consistent, while nothing leads back to the address. An email address becomes
 * {@code erased-<first 16 hex digits of SHA-256(subscription id + address)>@erased.invalid} (the address as the
 * services store it: stripped and lower-cased; {@code .invalid} can never be delivered, RFC 2606); a name
 * becomes {@link #NAME}. Pseudonymising a pseudonym changes nothing, so erasure can run again and a replay of
 * erased facts folds to the same state. A caller can still be recognised ({@link #matches}): its address,
 * pseudonymised, equals the stored pseudonym.
 */
public final class Pseudonyms {

    /** What a deprovisioned subscription's name becomes. */
    public static final String NAME = "(erased)";
    public static final String DOMAIN = "erased.invalid";

    private static final Pattern PSEUDONYM = Pattern.compile("erased-[0-9a-f]{16}@erased\\.invalid");

    private Pseudonyms() {
    }

    /** The pseudonym of an address of this subscription; a pseudonym stays as it is. */
    public static String email(UUID subscriptionId, String address) {
        Require.present(subscriptionId, "subscriptionId");
        Require.present(address, "address");
        String stored = address.strip().toLowerCase(Locale.ROOT);
        if (isPseudonym(stored)) {
            return stored;
        }
        return "erased-" + Sha256.hex(subscriptionId + stored).substring(0, 16) + "@" + DOMAIN;
    }

    public static boolean isPseudonym(String address) {
        return address != null && PSEUDONYM.matcher(address).matches();
    }

    /** Whether a stored address (real or pseudonym) is this address of this subscription. */
    public static boolean matches(UUID subscriptionId, String stored, String address) {
        String normalised = address.strip().toLowerCase(Locale.ROOT);
        String kept = stored.strip().toLowerCase(Locale.ROOT);
        return kept.equals(normalised) || (isPseudonym(kept) && kept.equals(email(subscriptionId, normalised)));
    }
}
