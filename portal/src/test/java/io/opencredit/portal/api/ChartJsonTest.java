package io.opencredit.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.domain.BurnDown;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartJsonTest {

    private static BurnDown.Point p(long at, String balance) {
        return new BurnDown.Point(at, new BigDecimal(balance));
    }

    private static List<String> column(JsonNode data, int i) {
        List<String> out = new ArrayList<>();
        data.get(i).forEach(v -> out.add(v.isNull() ? null : v.decimalValue().stripTrailingZeros().toPlainString()));
        return out;
    }

    @Test
    void Portal_chart_series_share_rising_x_values_with_the_forecast_beside_the_projection() throws Exception {
        BurnDown burn = new BurnDown(List.of(p(0, "100"), p(10, "60")), List.of(), BigDecimal.ONE, new BigDecimal("60"),
                java.time.Instant.ofEpochSecond(10), java.time.Instant.ofEpochSecond(70), List.of(p(10, "60"), p(70, "0")));
        List<BurnDown.Point> forecast = List.of(p(10, "60"), p(40, "30"), p(41, "20"), p(70, "0"));

        JsonNode data = ServiceApi.JSON.readTree(CustomerResource.chartJson(burn, forecast)).path("data");

        assertThat(data.size()).isEqualTo(4);
        assertThat(column(data, 0)).containsExactly("0", "10", "40", "41", "70");
        assertThat(column(data, 1)).containsExactly("100", "60", null, null, null);
        assertThat(column(data, 2)).containsExactly(null, "60", null, null, "0");
        assertThat(column(data, 3)).containsExactly(null, "60", "30", "20", "0");
    }

    @Test
    void Portal_chart_without_a_forecast_keeps_an_empty_forecast_series() throws Exception {
        BurnDown burn = new BurnDown(List.of(p(0, "100"), p(10, "60")), List.of(), BigDecimal.ZERO, new BigDecimal("60"),
                java.time.Instant.ofEpochSecond(10), null, List.of());

        JsonNode data = ServiceApi.JSON.readTree(CustomerResource.chartJson(burn)).path("data");

        assertThat(column(data, 0)).containsExactly("0", "10");
        assertThat(column(data, 3)).containsExactly(null, null);
    }
}
