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
import java.time.LocalDate;
import java.util.Optional;

/**
 * Someone in a shopper's household who is not a shopper (table {@code household_member}): a child,
 * a partner. Birthdays of children drive family offers.
 */
@Entity
@Table(name = "household_member")
public class HouseholdMember {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "shopper_id", nullable = false)
  private Shopper shopper;

  @Column(name = "first_name", nullable = false, length = 100)
  private String firstName;

  @Column(nullable = false, length = 32)
  private String relation;

  private LocalDate birthday;

  protected HouseholdMember() {}

  public String getFirstName() {
    return firstName;
  }

  public String getRelation() {
    return relation;
  }

  public Optional<LocalDate> getBirthday() {
    return Optional.ofNullable(birthday);
  }
}
