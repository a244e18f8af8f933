/**
 * The MQTT contract between kiosk agents and the Tailor server, version 1: topic names ({@link
 * Topics}) and the JSON payloads bound with Jakarta JSON-B. Fields documented as optional are
 * {@code null} when absent. Documented for integrators in {@code docs/asyncapi.yaml}.
 */
@Version("1.1.0")
package org.tailor.terminal.protocol;

import org.osgi.annotation.versioning.Version;
