package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.StoreScope;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.RfmCutPoints;
import org.tailor.server.statistics.Difference;
import org.tailor.server.validation.InvalidInputException;

/**
 * The report against a randomised experiment with published rates: Hillstrom's MineThatData e-mail
 * test (2008). Visit rates per segment are published in scikit-uplift's EDA notebook (cell 50:
 * Womens 0.151400, No e-mail 0.106167; see ../shared/REFERENCES.md §4), so the visit uplift of the
 * Womens e-mail is +4.52 points. The interval is the unpooled Wald interval computed by hand from
 * the counts 3,238 / 21,387 and 2,262 / 21,306: se = 0.0032344, 95 % CI [0.038894, 0.051572].
 *
 * <p>Reads {@code ../shared/data/hillstrom-email/} next to the repository; skips where it is
 * absent.
 */
class HillstromReferenceTest {

  static final String FILE =
      "Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv";

  @TempDir static Path dir;
  private static Database database;
  private static HillstromExperiment.Imported imported;

  @BeforeAll
  static void importTheExperiment() throws Exception {
    Optional<Path> csv = dataFile();
    assumeTrue(
        csv.isPresent(),
        "Hillstrom e-mail data not found at ../shared/data/hillstrom-email/"
            + FILE
            + " next to the repository; reference test skipped");
    database = Database.open(TestDatabases.h2(dir));
    imported = HillstromExperiment.importFile(database.dataSource(), csv.get());
    new ReportRollup(
            database.dataSource(), Duration.ofDays(14), () -> RfmCutPoints.NONE, Clock.systemUTC())
        .refresh(LocalDate.of(2008, 3, 20));
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  static Optional<Path> dataFile() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw"))) {
        Path file = dir.resolve("../shared/data/hillstrom-email").resolve(FILE).normalize();
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static ReportFilter sendDay() {
    return new ReportFilter(
        LocalDate.of(2008, 3, 20), LocalDate.of(2008, 3, 20), Optional.empty(), StoreScope.all());
  }

  @Test
  void importsWomensEmailAsTreatmentAndNoEmailAsHoldout() {
    assertThat(imported.treatment()).isEqualTo(21_387);
    assertThat(imported.holdout()).isEqualTo(21_306);
  }

  @Test
  void offerReportReproducesTheVisitUpliftWithItsInterval() {
    ComparedRow offer =
        new ReportQueries(database.dataSource(), 0.95, 200)
            .offer(sendDay(), imported.offerId())
            .orElseThrow();
    Difference visit = offer.uplift().responseRate().orElseThrow();

    assertThat(visit.treatment()).isCloseTo(0.151400, within(5e-7));
    assertThat(visit.holdout()).isCloseTo(0.106167, within(5e-7));
    assertThat(visit.estimate() * 100).isCloseTo(4.52, within(0.005));
    assertThat(visit.standardError()).isCloseTo(0.0032344, within(1e-7));
    assertThat(visit.lower()).isCloseTo(0.038894, within(1e-6));
    assertThat(visit.upper()).isCloseTo(0.051572, within(1e-6));
    assertThat(visit.treatmentSize()).isEqualTo(21_387);
    assertThat(visit.holdoutSize()).isEqualTo(21_306);
    assertThat(offer.uplift().warnings()).isEmpty();
  }

  @Test
  void campaignReportAgreesAndSpendUpliftIsWelch() {
    ComparedRow campaign =
        new ReportQueries(database.dataSource(), 0.95, 200)
            .campaigns(sendDay(), 1, 10)
            .rows()
            .get(0);
    assertThat(campaign.code()).isEqualTo(HillstromExperiment.CAMPAIGN_CODE);
    assertThat(campaign.uplift().responseRate().orElseThrow().estimate())
        .isCloseTo(0.045233, within(1e-6));
    // spend per customer 1.077202 against 0.652789 (SOURCE.md of the data)
    Difference spend = campaign.uplift().revenuePerPresentation().orElseThrow();
    assertThat(spend.estimate()).isCloseTo(1.077202 - 0.652789, within(1e-5));
    assertThat(spend.lower()).isLessThan(spend.estimate());
  }

  @Test
  void refusesToImportTheExperimentTwice() {
    assertThatThrownBy(
            () -> HillstromExperiment.importFile(database.dataSource(), dataFile().orElseThrow()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hillstrom");
  }
}
