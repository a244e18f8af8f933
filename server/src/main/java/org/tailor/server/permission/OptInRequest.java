package org.tailor.server.permission;

/** A request to start an email double opt-in: the address to confirm. */
public record OptInRequest(String address) {}
