package org.tailor.server.store;

/**
 * A terminal as staff register it.
 *
 * @param code the terminal's code, unique in the chain, such as {@code "madrid-01-kiosk-1"}
 * @param kind {@code kiosk} or {@code till}
 * @param name a name staff recognise, such as {@code "Entrance kiosk"}
 */
public record TerminalDetails(String code, String kind, String name) {}
