package org.tailor.server.offer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A set of offers measured together (table {@code campaign}): a share of shoppers, the holdout, is
 * deliberately shown none of them so that the campaign's effect can be proven.
 */
@Entity
@Table(name = "campaign")
public class Campaign {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String code;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(name = "holdout_share", nullable = false, precision = 5, scale = 4)
  private BigDecimal holdoutShare;

  @Column(name = "starts_at")
  private Instant startsAt;

  @Column(name = "ends_at")
  private Instant endsAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Campaign() {}

  Campaign(CampaignDetails details, Instant now) {
    this.createdAt = now;
    update(details, now);
  }

  final void update(CampaignDetails details, Instant now) {
    this.code = details.code();
    this.name = details.name();
    this.holdoutShare = details.holdoutShare();
    this.startsAt = details.startsAt().orElse(null);
    this.endsAt = details.endsAt().orElse(null);
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public BigDecimal getHoldoutShare() {
    return holdoutShare;
  }

  CampaignDetails details() {
    return new CampaignDetails(
        code, name, holdoutShare, Optional.ofNullable(startsAt), Optional.ofNullable(endsAt));
  }
}
