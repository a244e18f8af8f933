package org.tailor.scoring.bandit;

import java.lang.annotation.Annotation;

/**
 * The plugin's default configuration for tests, with the algorithm chosen and saving left to the
 * test (once an hour, so that only the saves a test asks for happen).
 */
final class TestConfiguration implements BanditConfiguration {

  private final String algorithm;

  /**
   * @param algorithm {@code thompson} or {@code linucb}
   */
  TestConfiguration(String algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public Class<? extends Annotation> annotationType() {
    return BanditConfiguration.class;
  }

  @Override
  public String algorithm() {
    return algorithm;
  }

  @Override
  public double linUcbAlpha() {
    return 0.1;
  }

  @Override
  public double segmentPriorStrength() {
    return 10;
  }

  @Override
  public int rememberedPresentations() {
    return 100_000;
  }

  @Override
  public String zone() {
    return "UTC";
  }

  @Override
  public String valueTierAttribute() {
    return "valueTier";
  }

  @Override
  public boolean purchaseAffinity() {
    return true;
  }

  @Override
  public int recentPurchases() {
    return 50;
  }

  @Override
  public int saveSeconds() {
    return 3600;
  }
}
