package org.tailor.server.shopper;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tailor.server.store.Store;

/**
 * A shopper of the chain (table {@code shopper}), known by a loyalty id and possibly by other
 * identifiers; with the attributes the chain keeps and the categories the shopper said they like.
 */
@Entity
@Table(name = "shopper")
public class Shopper {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "loyalty_id", nullable = false, length = 64)
  private String loyaltyId;

  @Column(name = "first_name", length = 100)
  private String firstName;

  @Column(name = "last_name", length = 100)
  private String lastName;

  @Column(nullable = false, length = 35)
  private String language;

  private LocalDate birthday;

  @Column(name = "time_zone", length = 64)
  private String timeZone;

  @Column(name = "household_code", length = 64)
  private String householdCode;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "home_store_id")
  private Store homeStore;

  @ElementCollection
  @CollectionTable(name = "shopper_attribute", joinColumns = @JoinColumn(name = "shopper_id"))
  @MapKeyColumn(name = "name", length = 64)
  @Column(name = "attribute_value", nullable = false, length = 500)
  private Map<String, String> attributes = new HashMap<>();

  @ElementCollection
  @CollectionTable(name = "shopper_preference", joinColumns = @JoinColumn(name = "shopper_id"))
  @Column(name = "category", nullable = false, length = 200)
  private Set<String> preferredCategories = new HashSet<>();

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Shopper() {}

  public Long getId() {
    return id;
  }

  public String getLoyaltyId() {
    return loyaltyId;
  }

  public Optional<String> getFirstName() {
    return Optional.ofNullable(firstName);
  }

  public Optional<String> getLastName() {
    return Optional.ofNullable(lastName);
  }

  public String getLanguage() {
    return language;
  }

  public Optional<LocalDate> getBirthday() {
    return Optional.ofNullable(birthday);
  }

  public Optional<String> getTimeZone() {
    return Optional.ofNullable(timeZone);
  }

  public Optional<String> getHouseholdCode() {
    return Optional.ofNullable(householdCode);
  }

  public Optional<Store> getHomeStore() {
    return Optional.ofNullable(homeStore);
  }

  public Map<String, String> getAttributes() {
    return attributes;
  }

  public Set<String> getPreferredCategories() {
    return preferredCategories;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
