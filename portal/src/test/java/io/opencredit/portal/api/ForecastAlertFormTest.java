package io.opencredit.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.portal.client.ServiceApi;
import io.opencredit.portal.client.ServiceApi.Answer;
import io.opencredit.portal.domain.Forecast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** F1's forecast warning form on the subscription page: what it shows, what it sends, where the ledger's message goes. */
class ForecastAlertFormTest {

    private static Answer problem(int status, String json) throws Exception {
        return new Answer(status, ServiceApi.JSON.readTree(json));
    }

    @Test
    void F1_the_forecast_warning_form_shows_the_ledgers_settings_or_what_the_person_typed_when_refused() {
        Forecast forecast = new Forecast("EUR", null, null, List.of(), 14, 7);

        assertThat(CustomerResource.forecastForm(forecast, Map.of())).containsExactly(Map.entry("warningDays", "14"),
                Map.entry("burnWindowDays", "7"));
        assertThat(CustomerResource.forecastForm(forecast, Map.of("warningDays", "400", "burnWindowDays", "7")))
                .containsEntry("warningDays", "400").containsEntry("burnWindowDays", "7");
        // no forecast to be had: empty fields, not a guess
        assertThat(CustomerResource.forecastForm(null, Map.of())).containsExactly(Map.entry("warningDays", ""),
                Map.entry("burnWindowDays", ""));
    }

    @Test
    void F1_the_forecast_warning_sends_any_whole_number_for_the_ledger_to_judge_and_nothing_else() {
        assertThat(CustomerResource.wholeDays("14")).isEqualTo(14);
        assertThat(CustomerResource.wholeDays(" 31 ")).isEqualTo(31);
        // out of range is the ledger's to refuse, with its own message
        assertThat(CustomerResource.wholeDays("0")).isZero();
        assertThat(CustomerResource.wholeDays("400")).isEqualTo(400);
        assertThat(CustomerResource.wholeDays("-3")).isEqualTo(-3);
        for (String typo : new String[] {null, "", "  ", "two weeks", "7.5", "7,5", "1e3", "9999999999"}) {
            assertThat(CustomerResource.wholeDays(typo)).as("%s", typo).isNull();
        }
    }

    @Test
    void F1_the_ledgers_refusal_goes_next_to_the_field_it_is_about() throws Exception {
        assertThat(CustomerResource.forecastAlertField(problem(422, "{\"type\":\"https://opencredit.io/problems/F1-invalid-burn-window\","
                + "\"status\":422,\"detail\":\"burnWindowDays must be 1 to 31; got 32\"}"))).isEqualTo("burnWindowDays");
        assertThat(CustomerResource.forecastAlertField(problem(422, "{\"type\":\"https://opencredit.io/problems/F1-invalid-warning-days\","
                + "\"status\":422,\"detail\":\"warningDays must be 1 to 365; got 0\"}"))).isEqualTo("warningDays");
        // anything else the ledger says (a closed subscription, an outage) goes next to the first field
        assertThat(CustomerResource.forecastAlertField(problem(409, "{\"status\":409,\"detail\":\"the subscription is closed\"}")))
                .isEqualTo("warningDays");
    }
}
