package org.tailor.server.purchase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** A product the chain sells (table {@code product}), with its category path, price and cost. */
@Entity
@Table(name = "product")
public class Product {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 64)
  private String sku;

  @Column(nullable = false, length = 300)
  private String name;

  @Column(nullable = false, length = 200)
  private String category;

  @Column(precision = 12, scale = 4)
  private BigDecimal price;

  @Column(precision = 12, scale = 4)
  private BigDecimal cost;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Product() {}

  public String getSku() {
    return sku;
  }

  public String getName() {
    return name;
  }

  public String getCategory() {
    return category;
  }

  public Optional<BigDecimal> getPrice() {
    return Optional.ofNullable(price);
  }

  public Optional<BigDecimal> getCost() {
    return Optional.ofNullable(cost);
  }
}
