package org.tailor.server.permission;

/** Sends the confirmation message of an email double opt-in (the host renders and queues it). */
@FunctionalInterface
public interface OptInMessages {

  void send(EmailOptIn.Issued issued);
}
