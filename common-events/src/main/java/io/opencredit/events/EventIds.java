package io.opencredit.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh event ids: version 7 UUIDs (RFC 9562), whose first 48 bits are the wall-clock millisecond
 * they were made in. Ids made close in time sort close together, so every index keyed by event id
 * (the consumers' processed-event tables, the ledger's event store) grows at its right edge instead
 * of dirtying a random page per insert. The other 74 bits are random: two ids collide only if the
 * same millisecond draws the same 74 bits. Event ids are not secrets; subscription and token ids,
 * which appear in URLs, stay random (version 4).
 */
public final class EventIds {

    private EventIds() {
    }

    /** A new version 7 id for the current millisecond (wall clock, not the suite clock). */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
