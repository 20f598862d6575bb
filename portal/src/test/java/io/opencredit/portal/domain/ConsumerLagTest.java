package io.opencredit.portal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    @Test
    void Portal_lag_and_backlog_are_read_from_the_services_prometheus_metrics() {
        String metrics = """
                # HELP kafka_consumer_fetch_manager_records_lag_max The maximum lag
                # TYPE kafka_consumer_fetch_manager_records_lag_max gauge
                kafka_consumer_fetch_manager_records_lag_max{client_id="ledger-a",kafka_version="4.1.2"} 12.0
                kafka_consumer_fetch_manager_records_lag_max{client_id="ledger-b",kafka_version="4.1.2"} 3.0
                kafka_consumer_fetch_manager_records_lag_max{client_id="ledger-c",kafka_version="4.1.2"} NaN
                opencredit_outbox_backlog 7.0
                opencredit_outbox_backlog_other 99
                """;
        ConsumerLag lag = ConsumerLag.parse(metrics);
        assertThat(lag.lag()).isEqualByComparingTo("15");
        assertThat(lag.backlog()).isEqualByComparingTo("7");
        assertThat(ConsumerLag.parse("jvm_threads_live 20\n")).isEqualTo(new ConsumerLag(null, null));
    }
}
