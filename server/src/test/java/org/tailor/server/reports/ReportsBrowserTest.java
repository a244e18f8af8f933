package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's {@code chromium} driven through Debian's {@code
 * chromedriver} by Selenium): a store manager signs in, sees only their store, opens an offer's
 * report with its uplift chart and downloads the CSV; a regional manager does the same in Persian,
 * right to left. Skips where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is absent
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them).
 *
 * <p>With {@code -Dtailor.screenshots=<dir>} the test also saves screenshots of the main pages
 * there (the PNGs in {@code docs/screenshots/} were taken so).
 */
class ReportsBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path dir;
  @TempDir static Path downloads;
  @TempDir static Path profile;
  private static ReportsTestServer server;
  private static WebDriver browser;
  private static Optional<Path> screenshots = Optional.empty();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or chromedriver is not installed (/usr/bin/chromium, /usr/bin/chromedriver):"
            + " browser tests skipped; apt-get install -y chromium chromium-driver");
    screenshots =
        Optional.ofNullable(System.getProperty("tailor.screenshots"))
            .filter(s -> !s.isBlank())
            .map(Path::of);
    server = new ReportsTestServer(dir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  private void signIn(String username) {
    browser.get(server.reports().resolve("login").toString());
    browser.findElement(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(ReportsTestServer.PASSWORD);
    browser.findElement(By.id("sign-in")).click();
    waiting().until(d -> !d.findElements(By.id("report-title")).isEmpty());
  }

  private void signOut() {
    browser.findElement(By.id("sign-out")).click();
    waiting().until(d -> !d.findElements(By.id("sign-in")).isEmpty());
  }

  private List<String> storeChoices() {
    return browser.findElements(By.cssSelector("#store option")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private void openCoffeeOffer() {
    browser.findElement(By.id("nav-offers-shown")).click();
    waiting().until(d -> !d.findElements(By.id("table-offers")).isEmpty());
    browser.findElement(By.partialLinkText("coffee-10")).click();
    waiting()
        .until(
            d ->
                "true"
                    .equals(d.findElement(By.id("chart-uplift")).getDomAttribute("data-rendered")));
  }

  private String downloadCsv() throws Exception {
    try (Stream<Path> old = Files.list(downloads)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    browser.findElement(By.id("export-csv")).click();
    Path[] found = new Path[1];
    waiting()
        .until(
            d -> {
              try (Stream<Path> files = Files.list(downloads)) {
                found[0] =
                    files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
                return found[0] != null;
              } catch (IOException e) {
                return false;
              }
            });
    return Files.readString(found[0], StandardCharsets.UTF_8);
  }

  private void screenshot(String name) throws IOException {
    if (screenshots.isPresent()) {
      Files.createDirectories(screenshots.get());
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(
          shot.toPath(),
          screenshots.get().resolve(name + ".png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void storeManagerOpensAnOfferUpliftAndExportsCsv() throws Exception {
    signIn("maria");
    assertThat(browser.findElement(By.id("user-name")).getText()).isEqualTo("María Gómez");
    assertThat(storeChoices()).containsExactly("All my stores", "Northgate (north-1)");
    assertThat(browser.getPageSource()).doesNotContain("Southport").doesNotContain("Northfield");
    waiting()
        .until(
            d ->
                "true"
                    .equals(
                        d.findElement(By.id("chart-incremental-revenue"))
                            .getDomAttribute("data-rendered")));
    screenshot("overview");

    openCoffeeOffer();
    assertThat(browser.findElement(By.id("report-title")).getText()).contains("Coffee 10 % off");
    assertThat(browser.findElement(By.id("chart-uplift-caption")).getText())
        .contains("Cumulative response uplift");
    screenshot("offer");

    String csv = downloadCsv();
    assertThat(csv).startsWith("report,offer-coffee-10,").contains("figures,Response uplift,");

    browser.findElement(By.id("nav-stores")).click();
    waiting().until(d -> !d.findElements(By.id("table-terminals")).isEmpty());
    String terminals = browser.findElement(By.id("table-terminals")).getText();
    assertThat(terminals).contains("t0a").contains("t0b").doesNotContain("t1a");
    assertThat(terminals).contains("Stopped reporting");
    screenshot("stores");
    signOut();
  }

  @Test
  void persianRegionalManagerSeesTheSameRightToLeft() throws Exception {
    signIn("nadia");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("dir")).isEqualTo("rtl");
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fa");
    String direction =
        (String)
            ((JavascriptExecutor) browser)
                .executeScript("return getComputedStyle(document.body).direction");
    assertThat(direction).isEqualTo("rtl");
    // right to left: the brand sits at the right edge of the header
    WebElement brand = browser.findElement(By.cssSelector(".brand"));
    assertThat(brand.getRect().getX()).isGreaterThan(640);
    assertThat(browser.findElement(By.id("nav-overview")).getText()).isEqualTo("نمای کلی");
    assertThat(storeChoices()).hasSize(3).noneMatch(s -> s.contains("south-1"));
    screenshot("overview-fa");

    openCoffeeOffer();
    assertThat(browser.findElement(By.id("chart-uplift-caption")).getText())
        .contains("افزایش تجمعی پاسخ");
    String csv = downloadCsv();
    assertThat(csv).startsWith("report,offer-coffee-10,").contains("response_uplift");
    screenshot("offer-fa");
    signOut();
  }
}
