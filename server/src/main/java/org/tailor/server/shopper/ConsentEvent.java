package org.tailor.server.shopper;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One change of a shopper's consent, as it happened (table {@code consent_event}). Append-only: the
 * entity is immutable, so the history is never rewritten.
 */
@Entity
@Immutable
@Table(name = "consent_event")
public class ConsentEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "shopper_id", nullable = false)
  private Shopper shopper;

  @Column(nullable = false, length = 32)
  private String channel;

  @Column(nullable = false, length = 32)
  private String purpose;

  @Column(nullable = false, length = 16)
  private String status;

  @Column(nullable = false, length = 100)
  private String source;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  protected ConsentEvent() {}

  ConsentEvent(Shopper shopper, ConsentChange change, Instant recordedAt) {
    this.shopper = shopper;
    this.channel = change.channel();
    this.purpose = change.purpose();
    this.status = change.status();
    this.source = change.source();
    this.occurredAt = change.occurredAt();
    this.recordedAt = recordedAt;
  }
}
