package org.tailor.server.purchase;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.store.Store;

/**
 * A till receipt (table {@code purchase}). A return is kept as a purchase with negative quantities
 * and {@code is_return} set. Written in bulk by the importer; read here.
 */
@Entity
@Table(name = "purchase")
public class Purchase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "store_id", nullable = false)
  private Store store;

  @Column(name = "receipt_number", nullable = false, length = 64)
  private String receiptNumber;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "shopper_id")
  private Shopper shopper;

  @Column(name = "purchased_at", nullable = false)
  private Instant purchasedAt;

  @Column(name = "total_amount", nullable = false, precision = 14, scale = 2)
  private BigDecimal totalAmount;

  @Column(name = "is_return", nullable = false)
  private boolean isReturn;

  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(nullable = false, length = 3)
  private String currency;

  @Column(name = "import_batch_id")
  private Long importBatchId;

  @OneToMany(mappedBy = "purchase")
  @OrderBy("lineNumber")
  private List<PurchaseLine> lines = new ArrayList<>();

  protected Purchase() {}

  public Long getId() {
    return id;
  }

  public Store getStore() {
    return store;
  }

  public String getReceiptNumber() {
    return receiptNumber;
  }

  public Optional<Shopper> getShopper() {
    return Optional.ofNullable(shopper);
  }

  public Instant getPurchasedAt() {
    return purchasedAt;
  }

  public BigDecimal getTotalAmount() {
    return totalAmount;
  }

  public boolean isReturn() {
    return isReturn;
  }

  public String getCurrency() {
    return currency;
  }

  public List<PurchaseLine> getLines() {
    return lines;
  }
}
