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

/**
 * Whether a shopper currently allows a channel to be used for a purpose (table {@code consent}).
 * Every change is also appended to {@link ConsentEvent}.
 */
@Entity
@Table(name = "consent")
public class Consent {

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

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Consent() {}

  Consent(Shopper shopper, ConsentChange change) {
    this.shopper = shopper;
    this.channel = change.channel();
    this.purpose = change.purpose();
    apply(change);
  }

  /** Takes the change as the current state unless the current state is newer. */
  void apply(ConsentChange change) {
    if (updatedAt == null || !change.occurredAt().isBefore(updatedAt)) {
      this.status = change.status();
      this.source = change.source();
      this.updatedAt = change.occurredAt();
    }
  }

  ConsentChange state() {
    return new ConsentChange(channel, purpose, status, source, updatedAt);
  }
}
