package org.tailor.server.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A store of the chain (table {@code store}); shoppers buy there and its terminals stand there. */
@Entity
@Table(name = "store")
public class Store {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String code;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(length = 100)
  private String region;

  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(length = 2)
  private String country;

  @Column(name = "time_zone", nullable = false, length = 64)
  private String timeZone;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Store() {}

  Store(StoreDetails details, Instant now) {
    this.createdAt = now;
    update(details, now);
  }

  final void update(StoreDetails details, Instant now) {
    this.code = details.code();
    this.name = details.name();
    this.region = details.region().orElse(null);
    this.country = details.country().orElse(null);
    this.timeZone = details.timeZone();
    this.updatedAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public String getName() {
    return name;
  }

  public String getTimeZone() {
    return timeZone;
  }

  StoreDetails details() {
    return new StoreDetails(
        code, name, Optional.ofNullable(region), Optional.ofNullable(country), timeZone);
  }
}
