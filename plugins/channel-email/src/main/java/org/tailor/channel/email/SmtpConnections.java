package org.tailor.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Open SMTP connections to one relay, reused across messages: opening a connection (TCP, greeting,
 * EHLO, STARTTLS, AUTH) costs more than sending a short email over it. A sending thread takes a
 * connection, sends one message and gives it back, so there are as many connections as threads
 * sending at once. A connection that failed is closed, not given back; one idle for a while is
 * checked ({@code NOOP}) before it is used again, and closed by {@link #closeIdle} after {@link
 * #IDLE_CLOSE_MILLIS}, well under the five minutes after which RFC 5321 lets a server drop it.
 */
final class SmtpConnections implements AutoCloseable {

  /** A connection idle longer than this is checked with NOOP before it is used. */
  static final long IDLE_CHECK_MILLIS = 5_000;

  /** A connection idle longer than this is closed. */
  static final long IDLE_CLOSE_MILLIS = 30_000;

  /** At most this many idle connections are kept. */
  static final int MAX_IDLE = 8;

  private record Idle(Transport transport, long since) {}

  private final EmailChannel.Smtp relay;
  private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile Session session;
  private volatile boolean closed;

  SmtpConnections(EmailChannel.Smtp relay) {
    this.relay = relay;
  }

  EmailChannel.Smtp relay() {
    return relay;
  }

  /**
   * The mail session for this relay; made on first use, with the caller's context class loader (the
   * channel's bundle), where Jakarta Mail looks for its providers.
   */
  Session session() {
    Session current = session;
    if (current == null) {
      synchronized (this) {
        if (session == null) {
          session = Session.getInstance(EmailChannel.properties(relay));
        }
        current = session;
      }
    }
    return current;
  }

  /**
   * Sends a message whose headers are saved ({@link MimeMessage#saveChanges()}) over an open
   * connection. A refused recipient ({@link SendFailedException}) fails this message only: the
   * connection, reset by the transport, is kept when it is still open.
   */
  void send(MimeMessage mail) throws MessagingException {
    Transport transport = take();
    boolean keep = false;
    try {
      transport.sendMessage(mail, mail.getAllRecipients());
      keep = true;
    } catch (SendFailedException e) {
      keep = transport.isConnected();
      throw e;
    } finally {
      if (keep) {
        giveBack(transport);
      } else {
        quietlyClose(transport);
      }
    }
  }

  private Transport take() throws MessagingException {
    long now = System.currentTimeMillis();
    Idle next;
    while ((next = idle.pollFirst()) != null) {
      long idleFor = now - next.since();
      if (idleFor < IDLE_CHECK_MILLIS
          || (idleFor < IDLE_CLOSE_MILLIS && next.transport().isConnected())) {
        return next.transport();
      }
      quietlyClose(next.transport());
    }
    Transport transport = session().getTransport("smtp");
    if (relay.username().isEmpty()) {
      transport.connect(relay.host(), relay.port(), null, null);
    } else {
      transport.connect(relay.host(), relay.port(), relay.username(), relay.password());
    }
    return transport;
  }

  private void giveBack(Transport transport) {
    if (closed || idle.size() >= MAX_IDLE) {
      quietlyClose(transport);
      return;
    }
    idle.offerFirst(new Idle(transport, System.currentTimeMillis()));
    if (closed) {
      closeAll();
    }
  }

  /** Closes the connections idle for longer than {@link #IDLE_CLOSE_MILLIS}. */
  void closeIdle() {
    long now = System.currentTimeMillis();
    List<Idle> stale = new ArrayList<>();
    for (Idle connection : idle) {
      if (now - connection.since() >= IDLE_CLOSE_MILLIS) {
        stale.add(connection);
      }
    }
    for (Idle connection : stale) {
      if (idle.remove(connection)) {
        quietlyClose(connection.transport());
      }
    }
  }

  /** The number of open connections waiting for a message; for tests. */
  int idleCount() {
    return idle.size();
  }

  @Override
  public void close() {
    closed = true;
    closeAll();
  }

  private void closeAll() {
    Idle next;
    while ((next = idle.pollFirst()) != null) {
      quietlyClose(next.transport());
    }
  }

  private static void quietlyClose(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      // Closing a broken connection may fail too; the connection is gone either way.
    }
  }
}
