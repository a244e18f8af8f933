package org.tailor.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.reports.HillstromExperiment;
import org.tailor.server.reports.ReportRollup;
import org.tailor.server.reports.ReportsSettings;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tailor reports}: rebuild the report roll-ups ({@code refresh}) and import the Hillstrom
 * e-mail test as a campaign with a holdout ({@code import-hillstrom}), the commands behind the
 * figures in {@code docs/reports.md}.
 */
@Command(
    name = "reports",
    resourceBundle = "i18n.reportcommands",
    mixinStandardHelpOptions = true,
    description = "Report roll-ups and the Hillstrom reference import.",
    subcommands = {ReportsCommand.Refresh.class, ReportsCommand.ImportHillstrom.class})
public final class ReportsCommand implements Runnable {

  @Spec private CommandSpec spec;

  public ReportsCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "refresh", mixinStandardHelpOptions = true, description = "Rebuild roll-ups.")
  static final class Refresh implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--from", descriptionKey = "from")
    private LocalDate from;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      TailorSettings settings = CommandSettings.load(spec);
      try (Database database = Database.open(DatabaseSettings.from(settings))) {
        Clock clock = Clock.systemUTC();
        RfmCutPointRefresher rfm = new RfmCutPointRefresher(database, clock);
        rfm.refresh();
        ReportRollup rollup =
            new ReportRollup(
                database.transactions(),
                ReportsSettings.from(settings).attributionWindow(),
                rfm::current,
                clock);
        ReportRollup.RollupResult result =
            from == null ? rollup.refreshRecent() : rollup.refresh(from);
        out.println(
            Message.of(
                    "reports",
                    "cli.refreshed",
                    result.from().toString(),
                    result.outcomesMeasured(),
                    result.presentationsCounted(),
                    result.redemptionsCounted(),
                    result.outcomesCounted(),
                    result.daysTouched())
                .in(Locale.getDefault()));
        out.println(
            Message.of(
                    "reports",
                    "cli.refreshed.detail",
                    result.rowsWritten(),
                    result.countedRowsPruned(),
                    ReportRollup.SETTLING_PERIOD.toDays(),
                    result.redemptionsOfSettledDays())
                .in(Locale.getDefault()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "import-hillstrom",
      mixinStandardHelpOptions = true,
      description = "Import the Hillstrom e-mail test.")
  static final class ImportHillstrom implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(index = "0", descriptionKey = "file")
    private Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Locale locale = Locale.getDefault();
      TailorSettings settings = CommandSettings.load(spec);
      try (Database database = Database.open(DatabaseSettings.from(settings))) {
        HillstromExperiment.Imported imported =
            HillstromExperiment.importFile(database.dataSource(), file);
        new ReportRollup(
                database.transactions(),
                ReportsSettings.from(settings).attributionWindow(),
                () -> org.tailor.server.shopper.RfmCutPoints.NONE,
                Clock.systemUTC())
            .refresh(HillstromExperiment.SENT_AT.toLocalDate());
        out.println(
            Message.of(
                    "reports",
                    "cli.hillstrom.imported",
                    imported.treatment(),
                    imported.holdout(),
                    HillstromExperiment.CAMPAIGN_CODE,
                    imported.offerId())
                .in(locale));
        out.flush();
        return 0;
      } catch (InvalidInputException e) {
        err.println(e.describe(locale));
        err.flush();
        return KeysCommand.BAD_INPUT;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
