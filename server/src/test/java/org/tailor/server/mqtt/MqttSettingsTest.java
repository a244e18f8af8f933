package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

class MqttSettingsTest {

  @Test
  void opensFourConnectionsUnlessTold() {
    assertThat(MqttSettings.from(TailorSettings.of(Map.of())).connections()).isEqualTo(4);
    assertThat(
            MqttSettings.from(TailorSettings.of(Map.of("tailor.mqtt.connections", "1")))
                .connections())
        .isEqualTo(1);
  }

  @Test
  void refusesANumberOfConnectionsOutsideOneToSixtyFour() {
    for (String wrong : new String[] {"0", "65", "-2"}) {
      assertThatThrownBy(
              () -> MqttSettings.from(TailorSettings.of(Map.of("tailor.mqtt.connections", wrong))))
          .isInstanceOf(SettingsException.class)
          .hasMessage(
              "setting tailor.mqtt.connections = \""
                  + wrong
                  + "\": expected a whole number from 1 to 64");
    }
  }
}
