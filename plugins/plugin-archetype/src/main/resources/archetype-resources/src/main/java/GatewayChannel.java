package ${package};

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;

/**
 * Channel {@code ${channelName}}: the host hands it each permitted message; it writes the message to
 * a file, once per message id. Replace the body of {@link #deliver} with a call to your gateway.
 */
@Component(service = ChannelPlugin.class, configurationPid = "${package}")
@Designate(ocd = GatewayChannel.Settings.class)
public class GatewayChannel implements ChannelPlugin {

  /** The plugin's settings, from config/plugins/${package}.cfg. */
  @ObjectClassDefinition(name = "${channelName} channel", description = "Writes messages to a file.")
  public @interface Settings {
    @AttributeDefinition(name = "Folder for deliveries.log")
    String folder() default "data/${channelName}";
  }

  private final Set<String> delivered = new HashSet<>();
  private volatile Path log;

  @Activate
  @Modified
  void configure(Settings settings) {
    log = Path.of(settings.folder()).resolve("deliveries.log");
  }

  /** Outside OSGi (tests): deliver into {@code folder}. */
  void configure(Path folder) {
    log = folder.resolve("deliveries.log");
  }

  @Override
  public String channel() {
    return "${channelName}";
  }

  @Override
  public synchronized DeliveryReceipt deliver(OfferMessage message) throws DeliveryException {
    if (delivered.add(message.messageId())) {
      try {
        Files.createDirectories(log.getParent());
        Files.writeString(
            log,
            message.messageId() + "\t" + message.address() + "\t" + message.body().replace('\n', ' ')
                + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        delivered.remove(message.messageId());
        throw new DeliveryException("cannot write " + log + ": " + e.getMessage(), true, e);
      }
    }
    return new DeliveryReceipt(message.messageId(), Instant.now(), log.toString());
  }
}
