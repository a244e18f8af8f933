/**
 * The kiosk and till channel: answers terminals over MQTT through the host's gateway, following the
 * terminal protocol ({@code docs/asyncapi.yaml}).
 */
package org.tailor.channel.kiosk;
