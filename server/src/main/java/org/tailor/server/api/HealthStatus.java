package org.tailor.server.api;

/** Whether a part of the server, or the server as a whole, works. */
public enum HealthStatus {
  UP,
  DOWN
}
