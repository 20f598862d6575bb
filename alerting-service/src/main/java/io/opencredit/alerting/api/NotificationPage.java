package io.opencredit.alerting.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a subscription's emails, oldest first, like the suite's other paged lists: {@code next} is the cursor
 * to pass as {@code after=} for the following page, null on the last one.
 */
public record NotificationPage(List<NotificationView> items,
                               @Schema(description = "the cursor of the following page (pass it as 'after'); null on the last page")
                               String next) {
}
