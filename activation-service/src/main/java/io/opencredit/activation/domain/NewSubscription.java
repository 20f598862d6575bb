package io.opencredit.activation.domain;

import java.time.LocalDate;

/** A validated request for a new subscription (SPEC K5): name, country, cloud and account. */
public record NewSubscription(String name, String country, String cloud, String accountEmail, LocalDate accountCreatedOn) {
}
