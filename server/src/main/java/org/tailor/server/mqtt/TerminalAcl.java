package org.tailor.server.mqtt;

import java.util.Objects;

/**
 * What a terminal may touch at the broker: its own subtree {@code
 * tailor/+/stores/{store}/terminals/{terminal}/#}, in any protocol version (so that a message in a
 * version the server does not speak reaches the server and is answered with an error, rather than
 * vanishing). Enforced by the embedded broker and written into Mosquitto's ACL file.
 */
public final class TerminalAcl {

  private TerminalAcl() {}

  /** The one topic filter a terminal may publish and subscribe under. */
  public static String subtree(String storeCode, String terminalCode) {
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    for (String code : new String[] {storeCode, terminalCode}) {
      if (code.isEmpty() || code.contains("/") || code.contains("+") || code.contains("#")) {
        throw new IllegalArgumentException("not a usable topic level: \"" + code + "\"");
      }
    }
    return "tailor/+/stores/" + storeCode + "/terminals/" + terminalCode + "/#";
  }
}
