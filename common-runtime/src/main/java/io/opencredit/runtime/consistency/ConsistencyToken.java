package io.opencredit.runtime.consistency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code OpenCredit-Consistency} token (SPEC R2): for each subscription a write touched, the writer's
 * {@link Frontier} of it just after the write. A read that presents the token is answered once the reading service's
 * frontier of each of those subscriptions {@linkplain Frontier#covers covers} the token's.
 *
 * <p>Written {@code 1:<subscription id>=<frontier>,...}, e.g. {@code 1:0b0e…9f=2.5.0.0}; a write that touched no
 * subscription gets {@code 1:}, which every read satisfies at once. Opaque to callers: they copy it from an answer's
 * header to a request's. At most {@link #MAX_SUBSCRIPTIONS} subscriptions: a usage batch spanning more names the
 * first ones only (see docs/consistency.md).
 */
public record ConsistencyToken(Map<UUID, Frontier> frontiers) {

    public static final String HEADER = "OpenCredit-Consistency";
    public static final int MAX_SUBSCRIPTIONS = 100;
    private static final String VERSION = "1:";
    private static final int MAX_LENGTH = VERSION.length() + MAX_SUBSCRIPTIONS * (36 + 1 + 4 * 19 + 3 + 1);
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public static final ConsistencyToken EMPTY = new ConsistencyToken(Map.of());

    public ConsistencyToken {
        frontiers = Collections.unmodifiableMap(new LinkedHashMap<>(frontiers));
    }

    public boolean isEmpty() {
        return frontiers.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(VERSION);
        frontiers.forEach((subscription, frontier) -> {
            if (text.length() > VERSION.length()) {
                text.append(',');
            }
            text.append(subscription).append('=').append(frontier);
        });
        return text.toString();
    }

    /**
     * Reads a token as {@link #toString} writes it, or several (the header repeated, which HTTP joins with commas, or
     * tokens joined by commas): a subscription named more than once must be reflected as of the latest. Anything else
     * is an {@link IllegalArgumentException} saying why.
     */
    public static ConsistencyToken parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the token is longer than a token can be");
        }
        if (!text.startsWith(VERSION)) {
            throw new IllegalArgumentException("the token does not start with '" + VERSION + "'");
        }
        Map<UUID, Frontier> frontiers = new LinkedHashMap<>();
        for (String item : text.split(",", -1)) {
            String entry = item.strip();
            if (entry.startsWith(VERSION)) {
                entry = entry.substring(VERSION.length()); // the start of another token
            }
            if (entry.isEmpty()) {
                continue; // a token of a write that touched no subscription
            }
            int equals = entry.indexOf('=');
            if (equals < 0 || !UUID_TEXT.matcher(entry.substring(0, equals)).matches()) {
                throw new IllegalArgumentException("each entry of the token is <subscription id>=<frontier>");
            }
            frontiers.merge(UUID.fromString(entry.substring(0, equals)), Frontier.parse(entry.substring(equals + 1)), Frontier::merge);
        }
        if (frontiers.size() > MAX_SUBSCRIPTIONS) {
            throw new IllegalArgumentException("the token names more than " + MAX_SUBSCRIPTIONS + " subscriptions");
        }
        return new ConsistencyToken(frontiers);
    }
}
