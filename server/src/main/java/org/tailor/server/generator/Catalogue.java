package org.tailor.server.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The chain's product catalogue: 40 categories in 10 departments with 50 products each (2,000
 * SKUs), names in English (the chain's catalogue language), prices around each category's median
 * and costs at 55–80 % of the price. Within a category products sell by a Zipf law, so a few are
 * best-sellers.
 */
final class Catalogue {

  static final int PRODUCTS_PER_CATEGORY = 50;

  /**
   * path; share of the chain's sales lines (relative weight); median price; product nouns; sizes.
   */
  private static final String[][] CATEGORIES = {
    {
      "grocery/coffee",
      "3",
      "6.49",
      "Ground Coffee|Coffee Beans|Espresso Capsules|Instant Coffee|Decaf Coffee",
      "250 g|500 g|1 kg|10 pcs"
    },
    {
      "grocery/tea",
      "1.5",
      "3.29",
      "Black Tea|Green Tea|Herbal Tea|Chamomile Tea|Earl Grey Tea",
      "20 bags|40 bags|100 g"
    },
    {
      "grocery/pasta-rice",
      "3",
      "1.89",
      "Spaghetti|Penne|Fusilli|Basmati Rice|Jasmine Rice|Arborio Rice|Couscous",
      "500 g|1 kg"
    },
    {
      "grocery/breakfast-cereals",
      "2",
      "3.49",
      "Corn Flakes|Muesli|Granola|Porridge Oats|Bran Flakes",
      "375 g|500 g|750 g"
    },
    {
      "grocery/canned-goods",
      "2.5",
      "1.59",
      "Chopped Tomatoes|Chickpeas|Tuna|Sweetcorn|Kidney Beans|Lentil Soup",
      "400 g|3 x 400 g"
    },
    {
      "grocery/baking",
      "1.5",
      "1.99",
      "Plain Flour|Sugar|Baking Powder|Dry Yeast|Cocoa Powder",
      "500 g|1 kg"
    },
    {
      "grocery/snacks",
      "3.5",
      "2.29",
      "Potato Crisps|Tortilla Chips|Salted Peanuts|Pretzels|Rice Cakes|Popcorn",
      "150 g|200 g|300 g"
    },
    {
      "grocery/sweets",
      "3",
      "1.99",
      "Milk Chocolate|Dark Chocolate|Gummy Bears|Butter Biscuits|Wafers",
      "100 g|200 g"
    },
    {
      "grocery/spices-sauces",
      "2",
      "2.49",
      "Ketchup|Mayonnaise|Mustard|Pesto|Soy Sauce|Black Pepper|Paprika",
      "50 g|250 ml|500 ml"
    },
    {
      "grocery/oil-vinegar",
      "1.5",
      "4.99",
      "Extra Virgin Olive Oil|Sunflower Oil|Balsamic Vinegar|Rapeseed Oil",
      "500 ml|1 l"
    },
    {
      "fresh/fruit",
      "6",
      "2.49",
      "Bananas|Apples|Oranges|Grapes|Strawberries|Pears|Lemons|Avocados",
      "500 g|1 kg|pack of 4"
    },
    {
      "fresh/vegetables",
      "6",
      "1.79",
      "Tomatoes|Potatoes|Onions|Carrots|Cucumbers|Peppers|Lettuce|Broccoli",
      "each|500 g|1 kg"
    },
    {
      "fresh/bread",
      "5",
      "1.69",
      "White Loaf|Wholemeal Loaf|Baguette|Sourdough Bread|Croissants|Bread Rolls",
      "each|4 pcs|6 pcs"
    },
    {
      "fresh/meat",
      "4",
      "6.99",
      "Chicken Breast|Minced Beef|Pork Chops|Lamb Leg|Sausages|Turkey Slices",
      "400 g|500 g|1 kg"
    },
    {
      "fresh/fish", "2", "8.49", "Salmon Fillets|Cod Fillets|Prawns|Sea Bass|Mussels", "250 g|400 g"
    },
    {
      "fresh/deli",
      "3",
      "3.49",
      "Cooked Ham|Salami|Hummus|Green Olives|Chorizo|Smoked Salmon",
      "100 g|200 g"
    },
    {
      "dairy/milk",
      "5.5",
      "1.19",
      "Whole Milk|Semi-Skimmed Milk|Oat Drink|Lactose-Free Milk|Soy Drink",
      "1 l|2 l"
    },
    {
      "dairy/cheese",
      "4",
      "3.29",
      "Cheddar|Gouda|Mozzarella|Feta|Parmesan|Brie|Cream Cheese",
      "200 g|400 g"
    },
    {
      "dairy/yogurt",
      "4",
      "1.49",
      "Natural Yogurt|Greek Yogurt|Fruit Yogurt|Kefir|Skyr",
      "150 g|500 g|4 x 125 g"
    },
    {
      "dairy/eggs-butter",
      "3.5",
      "2.59",
      "Free-Range Eggs|Organic Eggs|Butter|Margarine",
      "6 pcs|10 pcs|250 g"
    },
    {
      "frozen/ready-meals",
      "2",
      "3.99",
      "Pizza Margherita|Lasagne|Chicken Curry|Fish Fingers|Dumplings",
      "400 g|1 kg"
    },
    {
      "frozen/ice-cream",
      "2",
      "3.49",
      "Vanilla Ice Cream|Chocolate Ice Cream|Ice Lollies|Lemon Sorbet",
      "500 ml|1 l|6 pcs"
    },
    {
      "frozen/vegetables",
      "1.5",
      "1.99",
      "Frozen Peas|Frozen Spinach|Mixed Vegetables|Frozen Berries|Oven Chips",
      "450 g|1 kg"
    },
    {
      "beverages/water",
      "4",
      "0.79",
      "Still Water|Sparkling Water|Mineral Water|Flavoured Water",
      "500 ml|1.5 l|6 x 1.5 l"
    },
    {
      "beverages/soft-drinks",
      "3.5",
      "1.49",
      "Cola|Lemonade|Orange Soda|Iced Tea|Energy Drink",
      "330 ml|1.5 l|6 x 330 ml"
    },
    {
      "beverages/juice",
      "2.5",
      "2.19",
      "Orange Juice|Apple Juice|Multivitamin Juice|Tomato Juice|Berry Smoothie",
      "250 ml|1 l"
    },
    {
      "beverages/beer",
      "2.5",
      "1.29",
      "Lager|Pale Ale|Wheat Beer|Stout|Alcohol-Free Beer",
      "330 ml|500 ml|6 x 330 ml"
    },
    {
      "beverages/wine",
      "2",
      "7.99",
      "Red Wine|White Wine|Rosé Wine|Sparkling Wine|Cava",
      "750 ml|1.5 l"
    },
    {
      "household/cleaning",
      "2",
      "3.29",
      "All-Purpose Cleaner|Dishwasher Tablets|Washing-Up Liquid|Bleach|Glass Cleaner",
      "500 ml|1 l|30 pcs"
    },
    {
      "household/laundry",
      "1.5",
      "7.49",
      "Laundry Detergent|Fabric Softener|Laundry Capsules|Stain Remover",
      "1 l|2 l|30 pcs"
    },
    {
      "household/paper",
      "2",
      "3.99",
      "Toilet Paper|Kitchen Towels|Tissues|Paper Napkins",
      "4 rolls|8 rolls|100 pcs"
    },
    {
      "personal-care/hair",
      "1.2",
      "3.79",
      "Shampoo|Conditioner|Hair Gel|Dry Shampoo",
      "250 ml|400 ml"
    },
    {
      "personal-care/oral-care",
      "1.2",
      "2.49",
      "Toothpaste|Toothbrush|Mouthwash|Dental Floss",
      "each|75 ml|500 ml"
    },
    {
      "personal-care/skin-care",
      "1",
      "5.99",
      "Hand Cream|Face Cream|Shower Gel|Sunscreen|Body Lotion",
      "50 ml|250 ml|400 ml"
    },
    {
      "baby/diapers",
      "0.8",
      "11.99",
      "Diapers Size 2|Diapers Size 4|Baby Wipes|Pull-Ups",
      "40 pcs|64 pcs"
    },
    {
      "baby/food",
      "0.7",
      "1.29",
      "Fruit Puree|Vegetable Puree|Baby Cereal|Infant Formula",
      "125 g|200 g|800 g"
    },
    {
      "pet/dog",
      "1",
      "4.99",
      "Dry Dog Food|Wet Dog Food|Dog Treats|Dog Chews",
      "400 g|2 kg|12 x 100 g"
    },
    {"pet/cat", "1", "3.99", "Dry Cat Food|Wet Cat Food|Cat Litter|Cat Treats", "85 g|1 kg|10 l"},
    {
      "home/kitchen",
      "0.8",
      "9.99",
      "Baking Paper|Aluminium Foil|Food Containers|Kitchen Knife|Frying Pan",
      "each|10 m|3 pcs"
    },
    {
      "home/garden-flowers",
      "0.8",
      "6.99",
      "Tulip Bouquet|Rose Bouquet|Potted Orchid|Herb Pot|Potting Soil",
      "each|20 l"
    },
  };

  private static final String[] BRANDS = {
    "Tailor Select",
    "Tailor Basics",
    "Aurora",
    "Casa Verde",
    "Northfield",
    "Golden Mill",
    "Blue Harbor",
    "Sunvale",
    "Old Oak",
    "Pure Peak",
    "Green Valley",
    "Silver Fern",
    "Maple & Co",
    "Red Barn",
    "Alpine Spring",
    "Happy Paws",
  };

  private static final String[] VARIANTS = {"", "", "", "Organic", "Classic", "Premium", "Light"};

  private final List<String> categoryPaths;
  private final double[] categoryBaseShares;
  private final String[] skus;
  private final String[] names;
  private final int[] categoryOfProduct;
  private final long[] priceCents;
  private final long[] costCents;
  private final double[][] cumulativePopularity;

  private Catalogue(SplittableRandom random) {
    int categories = CATEGORIES.length;
    List<String> paths = new ArrayList<>(categories);
    categoryBaseShares = new double[categories];
    double total = 0;
    for (int c = 0; c < categories; c++) {
      paths.add(CATEGORIES[c][0]);
      categoryBaseShares[c] = Double.parseDouble(CATEGORIES[c][1]);
      total += categoryBaseShares[c];
    }
    for (int c = 0; c < categories; c++) {
      categoryBaseShares[c] /= total;
    }
    categoryPaths = List.copyOf(paths);

    int products = categories * PRODUCTS_PER_CATEGORY;
    skus = new String[products];
    names = new String[products];
    categoryOfProduct = new int[products];
    priceCents = new long[products];
    costCents = new long[products];
    cumulativePopularity = new double[categories][PRODUCTS_PER_CATEGORY];
    for (int c = 0; c < categories; c++) {
      double median = Double.parseDouble(CATEGORIES[c][2]);
      String[] nouns = CATEGORIES[c][3].split("\\|");
      String[] sizes = CATEGORIES[c][4].split("\\|");
      Set<String> used = new HashSet<>();
      for (int k = 0; k < PRODUCTS_PER_CATEGORY; k++) {
        int product = c * PRODUCTS_PER_CATEGORY + k;
        int size;
        String name;
        do {
          String brand = BRANDS[random.nextInt(BRANDS.length)];
          String variant = VARIANTS[random.nextInt(VARIANTS.length)];
          String noun = nouns[random.nextInt(nouns.length)];
          size = random.nextInt(sizes.length);
          name = brand + " " + (variant.isEmpty() ? "" : variant + " ") + noun + " " + sizes[size];
        } while (!used.add(name));
        double price =
            median
                * StrictMath.exp(0.3 * RandomDraws.normal(random))
                * (1.0 + 0.5 * size)
                / (1.0 + 0.25 * (sizes.length - 1));
        long cents = Math.max(29, StrictMath.round(price * 10.0) * 10 - 1);
        skus[product] = String.valueOf(4_000_000 + (c + 1) * 1_000 + k + 1);
        names[product] = name;
        categoryOfProduct[product] = c;
        priceCents[product] = cents;
        costCents[product] = StrictMath.round(cents * (0.55 + 0.25 * random.nextDouble()));
      }
      double sum = 0;
      for (int k = 0; k < PRODUCTS_PER_CATEGORY; k++) {
        sum += 1.0 / StrictMath.pow(k + 1, 0.9);
        cumulativePopularity[c][k] = sum;
      }
      for (int k = 0; k < PRODUCTS_PER_CATEGORY; k++) {
        cumulativePopularity[c][k] /= sum;
      }
    }
  }

  /** The catalogue of a chain with this seed: the same seed gives the same products and prices. */
  static Catalogue of(long seed) {
    return new Catalogue(RandomDraws.stream(seed, 0, RandomDraws.Stream.CHAIN));
  }

  /** Category paths such as {@code grocery/coffee}, in a fixed order. */
  static List<String> categoryPathsInOrder() {
    List<String> paths = new ArrayList<>(CATEGORIES.length);
    for (String[] category : CATEGORIES) {
      paths.add(category[0]);
    }
    return List.copyOf(paths);
  }

  List<String> categoryPaths() {
    return categoryPaths;
  }

  int categoryCount() {
    return categoryPaths.size();
  }

  /** The chain's share of sales lines per category; sums to 1. */
  double[] categoryBaseShares() {
    return categoryBaseShares.clone();
  }

  int productCount() {
    return skus.length;
  }

  String sku(int product) {
    return skus[product];
  }

  String name(int product) {
    return names[product];
  }

  String categoryPath(int product) {
    return categoryPaths.get(categoryOfProduct[product]);
  }

  long priceCents(int product) {
    return priceCents[product];
  }

  long costCents(int product) {
    return costCents[product];
  }

  /** A product of the category, best-sellers more often; {@code u} uniform on [0, 1). */
  int productIn(int category, double u) {
    int k = Arrays.binarySearch(cumulativePopularity[category], u);
    if (k < 0) {
      k = -k - 1;
    }
    return category * PRODUCTS_PER_CATEGORY + Math.min(k, PRODUCTS_PER_CATEGORY - 1);
  }
}
