package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

class ReportsSettingsTest {

  private static ReportsSettings refreshMinutes(String minutes) {
    return ReportsSettings.from(
        TailorSettings.of(Map.of("tailor.reports.refresh.minutes", minutes)));
  }

  @Test
  void refreshesTheRollUpEveryQuarterOfAnHourUnlessTold() {
    assertThat(ReportsSettings.defaults().refreshEvery()).isEqualTo(Duration.ofMinutes(15));
    assertThat(ReportsSettings.defaults().refreshes()).isTrue();
    assertThat(refreshMinutes("5").refreshEvery()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void zeroMinutesLeavesTheRollUpToAnotherServer() {
    ReportsSettings off = refreshMinutes("0");

    assertThat(off.refreshes()).isFalse();
    assertThat(off.refreshEvery()).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesNegativeMinutesNamingTheSettingAndTheValue() {
    assertThatThrownBy(() -> refreshMinutes("-15"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "setting tailor.reports.refresh.minutes = \"-15\": expected minutes between two"
                + " refreshes of the report roll-up, or 0 for none on this server");
  }
}
