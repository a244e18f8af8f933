package org.tailor.server.importer;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A category for a product known only by its description, for data sets without categories (UCI
 * Online Retail). The first rule with a keyword among the description's words wins; a description
 * matching none is {@value #UNCATEGORISED}. The table is deliberately small and is documented in
 * {@code docs/import-formats.md}; a chain with real categories imports {@code products.csv}.
 */
public final class DescriptionCategories {

  /** The category of a description no rule matches. */
  public static final String UNCATEGORISED = "uncategorised";

  private record Rule(String category, Set<String> keywords) {}

  private static final Pattern WORD_SEPARATORS = Pattern.compile("[^A-Z0-9'&-]+");

  // Order matters: "CHRISTMAS LIGHTS" is seasonal, "LUNCH BAG" is a bag, "CAKE TIN" is kitchen.
  private static final List<Rule> RULES =
      List.of(
          new Rule("services/postage", words("POSTAGE CARRIAGE")),
          new Rule(
              "services/fees-and-adjustments",
              words("MANUAL DISCOUNT CHARGES FEE COMMISSION ADJUST SAMPLES VOUCHER")),
          new Rule(
              "seasonal/christmas",
              words("CHRISTMAS XMAS ADVENT SANTA REINDEER SNOWFLAKE NATIVITY")),
          new Rule("seasonal/easter", words("EASTER BUNNY CHICK")),
          new Rule("bags", words("BAG BAGS HANDBAG TOTE SHOPPER BACKPACK")),
          new Rule(
              "home/lighting",
              words(
                  "CANDLE CANDLES T-LIGHT T-LIGHTS TEALIGHT LANTERN LIGHT LIGHTS LAMP NIGHTLIGHT CANDLEHOLDER")),
          new Rule(
              "kitchen",
              words(
                  "MUG MUGS CUP CUPS SAUCER PLATE PLATES BOWL BOWLS TEAPOT TEA COFFEE CAKE CAKES CAKESTAND BAKING JAR JARS CUTLERY NAPKINS TRAY KITCHEN PANTRY LUNCH EGG JAM TIN TINS APRON TUMBLER GLASSES SPOON SPOONS TEASPOONS CHOPSTICKS JUG JUGS BEAKER BEAKERS BREAD COASTER COASTERS DOILY DOILIES RECIPE PICNIC")),
          new Rule(
              "stationery-and-gift-wrap",
              words(
                  "CARD CARDS WRAP PAPER NOTEBOOK PEN PENS PENCIL PENCILS STICKER STICKERS ENVELOPE ENVELOPES RIBBON RIBBONS TAPE CHALK ERASER JOURNAL CALENDAR")),
          new Rule(
              "toys-and-games",
              words(
                  "TOY TOYS GAME GAMES DOLL DOLLY PLAYHOUSE SPACEBOY CHILDRENS CHILDREN'S JIGSAW PUZZLE DOMINOES SKITTLES BALLOON BALLOONS TEDDY SNAKES LADDERS INFLATABLE PIGGY MARBLES SOLDIER SOLDIERS")),
          new Rule(
              "crafts-and-hobbies",
              words(
                  "SEWING KNITTING PAINT CRAFT FELTCRAFT KIT CROCHET BUTTONS STENCIL EMBROIDERY")),
          new Rule(
              "jewellery-and-accessories",
              words(
                  "NECKLACE BRACELET EARRINGS RING RINGS HAIR CLIP CLIPS UMBRELLA PURSE WALLET BROOCH CHARM SCARF GLOVES PARASOL HAT TISSUES COMPACT KEYRING WARMER HOTTIE SLIPPERS")),
          new Rule(
              "garden",
              words(
                  "GARDEN PLANT PLANTER POT POTS WATERING BIRD BIRDHOUSE FEEDER SEED SEEDS HERB")),
          new Rule(
              "home/decor",
              words(
                  "CLOCK FRAME MIRROR CUSHION DOORMAT SIGN HOOK HOOKS HANGER HANGERS DECORATION BUNTING DRAWER KNOB STORAGE HOLDER WREATH GARLAND ORNAMENT VASE BOTTLE THROW BLANKET CHALKBOARD PHOTO DOORSTOP COAT BASKET BASKETS BOX BOXES MAGNET MAGNETS LETTERS WORD BUCKET BIN CABINET ORGANISER WICKER CLOCHE DUCKS BLACKBOARD DOORSIGN PLAQUE HEART HEARTS CURTAIN SHELF QUILT RUG")));

  private static Set<String> words(String keywords) {
    return Set.of(keywords.split(" "));
  }

  private DescriptionCategories() {}

  /** The category of a product described as {@code description}. */
  public static String of(String description) {
    String[] words = WORD_SEPARATORS.split(description.toUpperCase(Locale.ROOT));
    for (Rule rule : RULES) {
      for (String word : words) {
        if (rule.keywords().contains(word)) {
          return rule.category();
        }
      }
    }
    return UNCATEGORISED;
  }
}
