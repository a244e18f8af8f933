package org.tailor.server.plugins;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.PrintingChannel;
import org.tailor.plugin.Printout;
import org.tailor.server.permission.ChannelDelivery;
import org.tailor.server.permission.DeliveryPermit;

/**
 * The channel plugins active now, called safely: when several serve one channel the one with the
 * highest service ranking delivers. A plugin that throws anything other than a {@link
 * DeliveryException} (short of a {@link VirtualMachineError}) has its failure recorded in its
 * {@link PluginStatus}, and the caller gets a non-retryable {@link DeliveryException}. Thread-safe.
 *
 * <p>A message reaches a plugin only with a {@link DeliveryPermit} for that very message, which
 * only the host's permission gate issues: there is no way to hand a plugin a message unchecked.
 */
public final class ChannelPlugins implements ChannelDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelPlugins.class);

  private final TrackedPlugins<ChannelPlugin> plugins;
  private final PluginProblems problems;

  ChannelPlugins(TrackedPlugins<ChannelPlugin> plugins, PluginProblems problems) {
    this.plugins = plugins;
    this.problems = problems;
  }

  /** The channels some active plugin serves, such as {@code "kiosk"} and {@code "email"}. */
  public Set<String> channels() {
    Set<String> channels = new TreeSet<>();
    plugins.snapshot().forEach(plugin -> channels.add(plugin.id()));
    return Set.copyOf(channels);
  }

  /**
   * Delivers a message on a channel. Throws a retryable {@link DeliveryException} when no plugin
   * serves the channel now (one may be installed later), the plugin's own {@link DeliveryException}
   * when it could not deliver, and a non-retryable one when the plugin failed. Refuses a message
   * whose id is not the permit's.
   */
  @Override
  public DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message)
      throws DeliveryException {
    Objects.requireNonNull(permit, "permit");
    Objects.requireNonNull(message, "message");
    if (!permit.messageId().equals(message.messageId())) {
      throw new IllegalArgumentException(
          "message " + message.messageId() + " is not the one permitted: " + permit);
    }
    String channel = permit.channel();
    Optional<TrackedPlugin<ChannelPlugin>> found =
        plugins.snapshot().stream().filter(plugin -> plugin.id().equals(channel)).findFirst();
    if (found.isEmpty()) {
      throw new DeliveryException("no plugin serves channel '" + channel + "'", true, null);
    }
    TrackedPlugin<ChannelPlugin> plugin = found.get();
    DeliveryReceipt receipt;
    try {
      receipt = plugin.service().deliver(message);
    } catch (DeliveryException | VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      throw failed(plugin, e);
    }
    if (receipt == null) {
      throw failed(
          plugin, new IllegalStateException("deliver() returned null instead of a receipt"));
    }
    return receipt;
  }

  /**
   * Has the plugin of the permit's channel print a permitted message for a till that waits for it.
   * Throws a non-retryable {@link DeliveryException} when that plugin does not print (it is not a
   * {@link PrintingChannel}) or failed, a retryable one when no plugin serves the channel now.
   */
  @Override
  public Printout print(DeliveryPermit permit, OfferMessage message) throws DeliveryException {
    Objects.requireNonNull(permit, "permit");
    Objects.requireNonNull(message, "message");
    if (!permit.messageId().equals(message.messageId())) {
      throw new IllegalArgumentException(
          "message " + message.messageId() + " is not the one permitted: " + permit);
    }
    String channel = permit.channel();
    Optional<TrackedPlugin<ChannelPlugin>> found =
        plugins.snapshot().stream().filter(plugin -> plugin.id().equals(channel)).findFirst();
    if (found.isEmpty()) {
      throw new DeliveryException("no plugin serves channel '" + channel + "'", true, null);
    }
    TrackedPlugin<ChannelPlugin> plugin = found.get();
    if (!(plugin.service() instanceof PrintingChannel printer)) {
      throw new DeliveryException(
          "channel plugin '" + channel + "' of bundle " + plugin.bundleName() + " does not print",
          false,
          null);
    }
    Printout printout;
    try {
      printout = printer.print(message);
    } catch (DeliveryException | VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      throw failed(plugin, e);
    }
    if (printout == null) {
      throw failed(
          plugin, new IllegalStateException("print() returned null instead of a printout"));
    }
    return printout;
  }

  private DeliveryException failed(TrackedPlugin<ChannelPlugin> plugin, Throwable failure) {
    if (problems.callFailed(plugin.bundleId(), failure)) {
      LOG.warn(
          "channel plugin '{}' of bundle {} failed to deliver",
          plugin.id(),
          plugin.bundleName(),
          failure);
    }
    return new DeliveryException(
        "channel plugin '"
            + plugin.id()
            + "' of bundle "
            + plugin.bundleName()
            + " failed: "
            + PluginError.describe(failure),
        false,
        failure);
  }
}
