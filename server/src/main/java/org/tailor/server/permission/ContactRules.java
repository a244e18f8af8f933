package org.tailor.server.permission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * The chain's rules for contacting shoppers, besides consent: quiet hours and frequency caps.
 *
 * <p>Settings: {@code tailor.permission.quiet.hours = 21:00-08:00} (empty for none) and one {@code
 * tailor.permission.cap.<channel> = 1/day, 3/week} per capped channel. Quiet hours do not hold for
 * channels that reach a shopper standing in the store ({@link #PRESENT_CHANNELS}).
 */
public record ContactRules(
    Optional<QuietHours> quietHours, List<FrequencyCap> caps, Set<String> presentChannels) {

  /** Channels that reach a shopper standing at a terminal, where quiet hours do not apply. */
  public static final Set<String> PRESENT_CHANNELS = Set.of("receipt", "kiosk");

  public static final String QUIET_HOURS_SETTING = "tailor.permission.quiet.hours";
  public static final String CAP_SETTING_PREFIX = "tailor.permission.cap.";

  public ContactRules {
    Objects.requireNonNull(quietHours, "quietHours");
    caps = List.copyOf(caps);
    presentChannels = Set.copyOf(presentChannels);
  }

  public ContactRules(Optional<QuietHours> quietHours, List<FrequencyCap> caps) {
    this(quietHours, caps, PRESENT_CHANNELS);
  }

  /** Whether quiet hours hold for a channel: not for one that reaches a shopper in the store. */
  public boolean quietHoursApplyTo(String channel) {
    return quietHours.isPresent() && !presentChannels.contains(channel);
  }

  /** No quiet hours and no caps. */
  public static ContactRules none() {
    return new ContactRules(Optional.empty(), List.of());
  }

  /** The frequency caps of one channel. */
  public List<FrequencyCap> capsOf(String channel) {
    return caps.stream().filter(cap -> cap.channel().equals(channel)).toList();
  }

  public static ContactRules from(TailorSettings settings) {
    Optional<QuietHours> quiet;
    try {
      quiet = settings.get(QUIET_HOURS_SETTING).map(QuietHours::parse);
    } catch (IllegalArgumentException e) {
      throw new SettingsException("setting " + QUIET_HOURS_SETTING + ": " + e.getMessage(), e);
    }
    List<FrequencyCap> caps = new ArrayList<>();
    for (Map.Entry<String, String> entry : settings.asMap().entrySet()) {
      if (entry.getKey().startsWith(CAP_SETTING_PREFIX) && !entry.getValue().isBlank()) {
        String channel = entry.getKey().substring(CAP_SETTING_PREFIX.length());
        for (String part : entry.getValue().split(",")) {
          caps.add(parseCap(entry.getKey(), channel, part.strip()));
        }
      }
    }
    return new ContactRules(quiet, caps);
  }

  private static FrequencyCap parseCap(String key, String channel, String text) {
    String[] parts = text.split("/");
    String expected = "\": expected caps such as 1/day, 3/week (day, week or month)";
    if (parts.length != 2) {
      throw new SettingsException("setting " + key + " = \"" + text + expected);
    }
    Duration window =
        switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
          case "day" -> Duration.ofDays(1);
          case "week" -> Duration.ofDays(7);
          case "month" -> Duration.ofDays(30);
          default -> throw new SettingsException("setting " + key + " = \"" + text + expected);
        };
    try {
      return new FrequencyCap(channel, window, Integer.parseInt(parts[0].strip()));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("setting " + key + " = \"" + text + expected, e);
    }
  }
}
