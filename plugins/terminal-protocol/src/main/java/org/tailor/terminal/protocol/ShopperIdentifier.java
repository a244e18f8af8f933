package org.tailor.terminal.protocol;

/**
 * What a shopper identified with.
 *
 * @param type {@code loyalty} (loyalty id or card number), {@code phone}, or {@code qr} (a QR code
 *     payload)
 * @param value the scanned or typed value
 */
public record ShopperIdentifier(String type, String value) {}
