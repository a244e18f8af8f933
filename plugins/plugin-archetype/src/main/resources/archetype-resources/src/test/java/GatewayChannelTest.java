package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.ShopperProfile;

class GatewayChannelTest {

  @TempDir Path folder;

  @Test
  void deliversEachMessageOnce() throws Exception {
    GatewayChannel channel = new GatewayChannel();
    channel.configure(folder);
    OfferMessage message =
        new OfferMessage(
            "m-1",
            new ShopperProfile("L-1", Optional.of("Ana"), "es", Optional.empty(), List.of(), Map.of()),
            "+34600111222",
            "offers",
            List.of(),
            "",
            "Hola Ana");

    channel.deliver(message);
    channel.deliver(message);

    assertEquals(
        List.of("m-1\t+34600111222\tHola Ana"), Files.readAllLines(folder.resolve("deliveries.log")));
    assertEquals("${channelName}", channel.channel());
  }
}
