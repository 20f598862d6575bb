package io.opencredit.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long and how much intake usage for an unknown subscription is held (SPEC R3), prefix
 * {@code opencredit.billing.intake}. A file of its own beside {@link BillingConfig}, which maps the same prefix's
 * other settings.
 */
@ConfigMapping(prefix = "opencredit.billing.intake")
public interface IntakeParkingConfig {

    /**
     * How long a record waits for its subscription, by the suite clock (C2); then it is refused visibly
     * ({@code UsageRejected}, metric, {@code .dlq}). From {@code OPENCREDIT_INTAKE_PARK_HORIZON}.
     */
    @WithDefault("24h")
    Duration parkHorizon();

    /**
     * Most records held at once; more are refused at once ({@code park-full}), so a flood of unknown ids cannot fill
     * the disk unnoticed. A million records of about 200 bytes is a few hundred MB of table.
     */
    @WithDefault("1000000")
    long parkMax();

    /**
     * How often the whole park is swept: records whose subscription became known without a wake-up are released,
     * those past the horizon refused. A subscription's {@code SubscriptionCreated} wakes its release at once.
     */
    @WithDefault("5s")
    Duration parkSweep();
}
