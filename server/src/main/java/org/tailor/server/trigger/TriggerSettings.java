package org.tailor.server.trigger;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.config.TailorSettings;

/**
 * What the triggers send and where. Settings: {@code tailor.triggers.<trigger>.offer} (the offer
 * code a trigger presents; a trigger without one is off), {@code tailor.triggers.channels} (default
 * {@code email,sms}), {@code tailor.triggers.first-purchase.days} (default 3), {@code
 * tailor.triggers.lapsed.threshold} (P(alive) below it is lapsed, default 0.3) and {@code
 * tailor.triggers.lapsed.min.days} (days since the last purchase before asking, default 60).
 */
public record TriggerSettings(
    Map<TriggerKind, String> offers,
    List<String> channels,
    int firstPurchaseDelayDays,
    double lapsedThreshold,
    int lapsedMinDays) {

  public TriggerSettings {
    offers = Map.copyOf(offers);
    channels = List.copyOf(channels);
  }

  public Optional<String> offerOf(TriggerKind kind) {
    return Optional.ofNullable(offers.get(kind));
  }

  public static TriggerSettings from(TailorSettings settings) {
    Map<TriggerKind, String> offers = new java.util.EnumMap<>(TriggerKind.class);
    for (TriggerKind kind : TriggerKind.values()) {
      settings
          .get("tailor.triggers." + kind.id() + ".offer")
          .ifPresent(code -> offers.put(kind, code));
    }
    return new TriggerSettings(
        offers,
        Arrays.stream(settings.get("tailor.triggers.channels", "email,sms").split(","))
            .map(String::strip)
            .filter(channel -> !channel.isEmpty())
            .toList(),
        settings.getInt("tailor.triggers.first-purchase.days", 3),
        Double.parseDouble(settings.get("tailor.triggers.lapsed.threshold", "0.3")),
        settings.getInt("tailor.triggers.lapsed.min.days", 60));
  }
}
