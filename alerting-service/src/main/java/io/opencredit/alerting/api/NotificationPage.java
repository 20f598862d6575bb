package io.opencredit.alerting.api;

import java.util.List;

/**
 * One page of a subscription's emails, oldest first, like the suite's other paged lists: {@code next} is the cursor
 * to pass as {@code after=} for the following page, null on the last one.
 */
public record NotificationPage(List<NotificationView> items, String next) {
}
