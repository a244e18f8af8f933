package org.tailor.bench.recommender;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tailor.bench.JsonLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the reference evaluation of docs/evaluation.md and prints one JSON line per (data set,
 * method): Recall, NDCG, MRR, Hit and Precision at 10. Data sets missing under {@code --data} are
 * skipped with a message on standard error.
 */
@Command(name = "recommender-evaluation", mixinStandardHelpOptions = true)
public final class RecommenderEvaluation implements Callable<Integer> {

  @Option(
      names = "--data",
      defaultValue = "../shared/data",
      description = "Folder holding movielens-1m/ and online-retail/ (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description = "MovieLens random splits to run, seeds 1..N (default ${DEFAULT-VALUE}).")
  int seeds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RecommenderEvaluation()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Evaluation.Result> results = new ArrayList<>();
    if (Evaluation.movieLensPresent(data)) {
      long[] sizes = Evaluation.movieLensSizes(data);
      JsonLine.of("movielens-1m-filtered")
          .add("users", sizes[0])
          .add("items", sizes[1])
          .add("interactions", sizes[2])
          .print();
      for (long seed = 1; seed <= seeds; seed++) {
        results.addAll(Evaluation.movieLens(data, seed));
      }
    } else {
      System.err.println(
          "MovieLens 1M skipped: " + data.resolve(MovieLensRecBole.RATINGS) + " is absent");
    }
    if (Evaluation.onlineRetailPresent(data)) {
      results.addAll(Evaluation.onlineRetail(data));
    } else {
      System.err.println(
          "Online Retail skipped: " + data.resolve(OnlineRetailTemporal.FILE) + " is absent");
    }
    for (Evaluation.Result result : results) {
      Metrics m = result.metrics();
      JsonLine.of("recommender-evaluation")
          .add("dataset", result.dataset())
          .add("method", result.method())
          .add("users", m.users())
          .add("recall@10", m.recall(), 4)
          .add("ndcg@10", m.ndcg(), 4)
          .add("mrr@10", m.mrr(), 4)
          .add("hit@10", m.hit(), 4)
          .add("precision@10", m.precision(), 4)
          .print();
    }
    return 0;
  }
}
