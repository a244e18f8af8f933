package org.tailor.terminal.protocol;

/**
 * How the terminal greets the shopper.
 *
 * @param known false for a newcomer the chain does not know yet
 * @param firstName optional; {@code null} when unknown
 * @param language the language of the texts (BCP 47)
 * @param rightToLeft true when the language is written right to left (Persian, Arabic, Hebrew)
 */
public record ShopperGreeting(
    boolean known, String firstName, String language, boolean rightToLeft) {}
