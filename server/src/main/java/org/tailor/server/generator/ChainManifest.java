package org.tailor.server.generator;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * {@code manifest.json} and {@code README.txt}: the parameters, the seed, the command that
 * reproduces the chain and what each file holds. Nothing here depends on the machine, the time or
 * the number of threads, so the whole directory is reproducible byte for byte.
 */
final class ChainManifest {

  static final String GENERATOR = "tailor-generate/1";

  private ChainManifest() {}

  static String command(ChainParameters parameters, boolean gzip) {
    return "tailor generate --shoppers "
        + parameters.shoppers()
        + " --stores "
        + parameters.stores()
        + " --seed "
        + parameters.seed()
        + " --from "
        + parameters.from()
        + " --to "
        + parameters.to()
        + (gzip ? " --gzip" : "");
  }

  static void writeManifest(
      Writer out,
      ChainParameters parameters,
      boolean gzip,
      Map<String, Long> rows,
      Map<String, Long> bytes,
      long purchases) {
    try (JsonGenerator json =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(out)) {
      json.writeStartObject();
      json.write("generator", GENERATOR);
      json.write("command", command(parameters, gzip));
      json.writeStartObject("parameters")
          .write("shoppers", parameters.shoppers())
          .write("stores", parameters.stores())
          .write("seed", parameters.seed())
          .write("from", parameters.from().toString())
          .write("to", parameters.to().toString())
          .write("gzip", gzip)
          .write("currency", ChainGenerator.CURRENCY)
          .write("returnShare", parameters.returnShare())
          .writeStartObject("purchasing")
          .write("model", "BG/NBD")
          .write("r", parameters.purchasing().r())
          .write("alpha", parameters.purchasing().alpha())
          .write("a", parameters.purchasing().a())
          .write("b", parameters.purchasing().b())
          .writeEnd()
          .writeStartObject("spend")
          .write("model", "Gamma-Gamma")
          .write("p", parameters.spend().p())
          .write("q", parameters.spend().q())
          .write("gamma", parameters.spend().gamma())
          .writeEnd()
          .writeEnd();
      json.write("purchases", purchases);
      json.writeStartArray("files");
      for (Map.Entry<String, Long> file : rows.entrySet()) {
        json.writeStartObject()
            .write("name", file.getKey())
            .write("rows", file.getValue())
            .write("bytes", bytes.get(file.getKey()))
            .writeEnd();
      }
      json.writeEnd();
      json.writeEnd();
    }
  }

  static void writeReadme(
      Writer out, ChainParameters parameters, boolean gzip, Map<String, Long> rows, long purchases)
      throws IOException {
    String csv = gzip ? ".csv.gz" : ".csv";
    StringBuilder text = new StringBuilder(4096);
    text.append("Synthetic Tailor chain\n")
        .append("======================\n\n")
        .append("Made by ")
        .append(GENERATOR)
        .append(" with:\n\n    ")
        .append(command(parameters, gzip))
        .append("\n\nThe same command writes the same bytes, whatever --threads.\n\n")
        .append("Shoppers: ")
        .append(parameters.shoppers())
        .append("; stores: ")
        .append(parameters.stores())
        .append("; seed: ")
        .append(parameters.seed())
        .append("; purchase window: ")
        .append(parameters.from())
        .append(" to ")
        .append(parameters.to())
        .append(" (inclusive); receipts: ")
        .append(purchases)
        .append("; purchase lines: ")
        .append(rows.getOrDefault("purchases" + csv, 0L))
        .append(".\nPrices and amounts are in ")
        .append(ChainGenerator.CURRENCY)
        .append(".\n\nFiles (Tailor's own CSV layout, see docs/import-formats.md; import with")
        .append(" mapping 'tailor'):\n\n");
    String[][] files = {
      {"stores" + csv, "stores in several countries and time zones"},
      {"products" + csv, "2,000 products in 40 categories (paths such as grocery/coffee)"},
      {"shoppers" + csv, "card holders: names in their own script, language, birthday,"},
      {"", "household, identifiers, declared preferences"},
      {"household_members" + csv, "partners and children without a card"},
      {"consents" + csv, "consent history per channel (email, sms, kiosk) and purpose"},
      {"", "(offers, profiling)"},
      {"purchases" + csv, "one row per receipt line; returns have negative quantities"},
      {"ground-truth.json", "the hidden models and parameters (BG/NBD, Gamma-Gamma,"},
      {"", "preferences, offer response): see GroundTruthResponseModel"},
      {"manifest.json", "parameters, rows and bytes per file"},
    };
    for (String[] file : files) {
      text.append("  ").append(file[0]);
      for (int i = file[0].length(); i < 25; i++) {
        text.append(' ');
      }
      text.append(file[1]).append('\n');
    }
    text.append('\n');
    if (gzip) {
      text.append("Compressed files are concatenated gzip members: gzip -d, zcat and Java's\n")
          .append("GZIPInputStream read them whole.\n\n");
    }
    text.append("How the data is made\n--------------------\n\n")
        .append("Purchases follow the BG/NBD process (Fader, Hardie & Lee 2005): per shopper a\n")
        .append("purchase rate lambda ~ Gamma(r=")
        .append(parameters.purchasing().r())
        .append(", alpha=")
        .append(parameters.purchasing().alpha())
        .append(") per week and a dropout\nprobability p ~ Beta(a=")
        .append(parameters.purchasing().a())
        .append(", b=")
        .append(parameters.purchasing().b())
        .append("); the first purchase at a uniform time in the window,\n")
        .append("repeat purchases at rate lambda, dropout with probability p after each repeat.\n")
        .append("Spend per receipt follows the Gamma-Gamma model (Fader, Hardie & Lee 2005;\n")
        .append("Fader & Hardie 2013): z ~ Gamma(p=")
        .append(parameters.spend().p())
        .append(", nu), nu ~ Gamma(q=")
        .append(parameters.spend().q())
        .append(", gamma=")
        .append(parameters.spend().gamma())
        .append(");\nbaskets are filled from the shopper's category preferences up to about z.\n")
        .append("The defaults are the published CDNOW estimates (Gamma-Gamma's gamma scaled from\n")
        .append("15.44 to 8.8 for grocery-sized receipts of about 20); they give about ten\n")
        .append("purchase lines per shopper in a year.\n\n")
        .append("Identifiers are synthetic. E-mail addresses use the reserved example.com,\n")
        .append("example.net and example.org domains. Phone numbers have the shape of real\n")
        .append("mobile numbers and may belong to real people: never send messages to them.\n");
    out.write(text.toString());
  }
}
