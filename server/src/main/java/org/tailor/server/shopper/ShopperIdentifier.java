package org.tailor.server.shopper;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something other than the loyalty id a shopper identifies with (table {@code shopper_identifier}):
 * a card number, a phone number, an email address or a QR code payload. Values are kept in
 * {@linkplain #canonical canonical form} so that a lookup finds them however they were typed.
 */
@Entity
@Table(name = "shopper_identifier")
public class ShopperIdentifier {

  /** The kinds of identifier, in the order a lookup prefers them when two shoppers match. */
  public static final List<String> KINDS = List.of("card", "qr", "phone", "email");

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().\\-/]{4,}");

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "shopper_id", nullable = false)
  private Shopper shopper;

  @Column(nullable = false, length = 16)
  private String kind;

  @Column(name = "identifier_value", nullable = false, length = 200)
  private String value;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ShopperIdentifier() {}

  public Shopper getShopper() {
    return shopper;
  }

  public String getKind() {
    return kind;
  }

  public String getValue() {
    return value;
  }

  /**
   * The form an identifier of a kind is stored in: emails in lower case, phone numbers as digits
   * with an optional leading {@code +}, other kinds stripped of surrounding blanks. Writers (the
   * importer) store this form.
   */
  public static String canonical(String kind, String value) {
    String stripped = value.strip();
    return switch (kind) {
      case "email" -> stripped.toLowerCase(Locale.ROOT);
      case "phone" -> phone(stripped);
      default -> stripped;
    };
  }

  /** The values a typed identifier of unknown kind may be stored as. */
  public static Set<String> lookupForms(String typed) {
    String stripped = typed.strip();
    if (isDigits(stripped)) {
      return Set.of(stripped); // a card or loyalty number: its phone form is itself
    }
    Set<String> forms = new LinkedHashSet<>();
    forms.add(stripped);
    if (stripped.contains("@")) {
      forms.add(stripped.toLowerCase(Locale.ROOT));
    }
    if (PHONE.matcher(stripped).matches()) {
      forms.add(phone(stripped));
    }
    return forms;
  }

  private static String phone(String value) {
    StringBuilder digits = new StringBuilder(value.length());
    if (value.startsWith("+")) {
      digits.append('+');
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  /** Whether a value is one or more ASCII digits and nothing else. */
  private static boolean isDigits(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
