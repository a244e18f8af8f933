package org.tailor.server.generator;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * First and family names per language, written in the language's own script (Latin for English and
 * Spanish, Cyrillic for Bulgarian, Persian for Persian, Traditional Chinese characters for Taiwan),
 * each with a Latin spelling for e-mail addresses: accents stripped for Spanish, the official
 * Bulgarian transliteration (2009 law) for Bulgarian, the usual romanisation for Persian and the
 * Wade–Giles spelling of Taiwanese passports for Chinese. Bulgarian family names take the feminine
 * ending for women ({@code Иванов}, {@code Иванова}); Spanish shoppers carry two family names.
 */
final class NameBook {

  /** A name and its Latin spelling. */
  record Name(String written, String latin) {}

  private static final String BULGARIAN_LETTERS = "абвгдежзийклмнопрстуфхцчшщъьюя";
  private static final String[] BULGARIAN_LATIN = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
    "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"
  };

  private static final Map<ShopperLanguage, Name[]> FEMALE = new EnumMap<>(ShopperLanguage.class);
  private static final Map<ShopperLanguage, Name[]> MALE = new EnumMap<>(ShopperLanguage.class);
  private static final Map<ShopperLanguage, Name[]> FAMILY = new EnumMap<>(ShopperLanguage.class);

  static {
    ShopperLanguage en = ShopperLanguage.ENGLISH;
    FEMALE.put(
        en,
        latin(
            "Olivia Emma Charlotte Amelia Sophia Isabella Ava Mia Evelyn Harper Emily Elizabeth"
                + " Abigail Ella Grace Chloe Lily Hannah Sarah Jessica Laura Rachel Megan Lucy"
                + " Alice Ruby Sophie Zoe Katherine Margaret"));
    MALE.put(
        en,
        latin(
            "James Oliver William Henry Jack Noah Liam Benjamin Lucas Thomas George Harry Charlie"
                + " Daniel Samuel Joseph Michael David Matthew Andrew Christopher Ethan Alexander"
                + " Ryan Nathan Edward Robert Jacob Owen Adam"));
    FAMILY.put(
        en,
        latin(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore"
                + " Martin Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King"
                + " Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter"
                + " Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers"
                + " Morgan Cooper Peterson Bailey O'Brien"));

    ShopperLanguage es = ShopperLanguage.SPANISH;
    FEMALE.put(
        es,
        latin(
            "María Lucía Sofía Martina Paula Julia Valeria Daniela Alba Carmen Ana Laura Isabel"
                + " Elena Marta Cristina Pilar Rosa Teresa Beatriz Claudia Irene Sara Noelia"
                + " Ximena Guadalupe Fernanda Mariana Camila Inés"));
    MALE.put(
        es,
        latin(
            "José Antonio Manuel Francisco Juan David Javier Daniel Carlos Jesús Alejandro Miguel"
                + " Rafael Pablo Sergio Fernando Jorge Luis Alberto Álvaro Diego Adrián Raúl Iván"
                + " Rubén Óscar Andrés Santiago Mateo Hugo"));
    FAMILY.put(
        es,
        latin(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín"
                + " Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez"
                + " Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina"
                + " Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias"
                + " Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto"));

    ShopperLanguage bg = ShopperLanguage.BULGARIAN;
    FEMALE.put(
        bg,
        cyrillic(
            "Мария Иванка Елена Йорданка Пенка Даниела Снежана Виктория Николина Цветелина"
                + " Десислава Гергана Радостина Теодора Александра Кристина Габриела Валентина"
                + " Петя Милена Ралица Росица Анелия Веселина Надежда Силвия Антония Симона"
                + " Галина Станислава"));
    MALE.put(
        bg,
        cyrillic(
            "Георги Иван Димитър Николай Петър Христо Стоян Тодор Васил Александър Стефан Йордан"
                + " Костадин Атанас Борислав Калоян Мартин Виктор Кирил Любомир Емил Пламен"
                + " Радослав Светослав Цветан Здравко Илия Ангел Никола Веселин"));
    FAMILY.put(
        bg,
        cyrillic(
            "Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Илиев Василев"
                + " Атанасов Петков Ангелов Колев Йорданов Маринов Стефанов Попов Михайлов Костов"
                + " Димов Русев Павлов Симеонов Цветков Крумов Лазаров Янков Енчев Киров"));

    ShopperLanguage fa = ShopperLanguage.PERSIAN;
    FEMALE.put(
        fa,
        pairs(
            "فاطمه:Fatemeh زهرا:Zahra مریم:Maryam سارا:Sara نرگس:Narges مهسا:Mahsa"
                + " نازنین:Nazanin شیرین:Shirin لیلا:Leila پریسا:Parisa نیلوفر:Niloufar"
                + " رویا:Roya مینا:Mina زیبا:Ziba آزاده:Azadeh ستاره:Setareh گلناز:Golnaz"
                + " الهام:Elham سمیرا:Samira یاسمن:Yasaman پروانه:Parvaneh شیوا:Shiva"
                + " افسانه:Afsaneh تارا:Tara دنیا:Donya"));
    MALE.put(
        fa,
        pairs(
            "محمد:Mohammad علی:Ali حسین:Hossein رضا:Reza مهدی:Mehdi امیر:Amir حمید:Hamid"
                + " سعید:Saeed مجید:Majid بهزاد:Behzad داریوش:Dariush کوروش:Kourosh بابک:Babak"
                + " آرش:Arash فرهاد:Farhad کامران:Kamran امید:Omid پیام:Payam سیاوش:Siavash"
                + " نوید:Navid پویا:Pouya پارسا:Parsa جواد:Javad مرتضی:Morteza حامد:Hamed"));
    FAMILY.put(
        fa,
        pairs(
            "محمدی:Mohammadi حسینی:Hosseini احمدی:Ahmadi رضایی:Rezaei مرادی:Moradi"
                + " کریمی:Karimi جعفری:Jafari رحیمی:Rahimi قاسمی:Ghasemi هاشمی:Hashemi"
                + " صادقی:Sadeghi موسوی:Mousavi ابراهیمی:Ebrahimi کاظمی:Kazemi تهرانی:Tehrani"
                + " شیرازی:Shirazi اصفهانی:Esfahani تبریزی:Tabrizi نجفی:Najafi عباسی:Abbasi"
                + " امینی:Amini زمانی:Zamani نوری:Nouri فراهانی:Farahani باقری:Bagheri"
                + " اکبری:Akbari یزدانی:Yazdani رستمی:Rostami سلطانی:Soltani قربانی:Ghorbani"));

    ShopperLanguage zh = ShopperLanguage.TRADITIONAL_CHINESE;
    FEMALE.put(
        zh,
        pairs(
            "怡君:Yi-Chun 雅婷:Ya-Ting 淑芬:Shu-Fen 美玲:Mei-Ling 佳穎:Chia-Ying 欣怡:Hsin-Yi"
                + " 詩涵:Shih-Han 宜蓁:Yi-Chen 雅雯:Ya-Wen 惠雯:Hui-Wen 婉婷:Wan-Ting"
                + " 佩珊:Pei-Shan 思穎:Szu-Ying 家瑜:Chia-Yu 曉涵:Hsiao-Han 品妍:Pin-Yen"
                + " 子晴:Tzu-Ching 芷若:Chih-Jo 瑋婷:Wei-Ting 靜宜:Ching-Yi"));
    MALE.put(
        zh,
        pairs(
            "志明:Chih-Ming 家豪:Chia-Hao 俊傑:Chun-Chieh 建宏:Chien-Hung 冠宇:Kuan-Yu"
                + " 承恩:Cheng-En 宇翔:Yu-Hsiang 柏翰:Po-Han 彥廷:Yen-Ting 文雄:Wen-Hsiung"
                + " 國華:Kuo-Hua 明輝:Ming-Hui 信宏:Hsin-Hung 宗翰:Tsung-Han 志偉:Chih-Wei"
                + " 育誠:Yu-Cheng 哲瑋:Che-Wei 子軒:Tzu-Hsuan 俊宏:Chun-Hung 博文:Po-Wen"));
    FAMILY.put(
        zh,
        pairs(
            "陳:Chen 林:Lin 黃:Huang 張:Chang 李:Li 王:Wang 吳:Wu 劉:Liu 蔡:Tsai 楊:Yang"
                + " 許:Hsu 鄭:Cheng 謝:Hsieh 郭:Kuo 洪:Hung 曾:Tseng 邱:Chiu 廖:Liao 賴:Lai"
                + " 周:Chou 徐:Hsu 蘇:Su 葉:Yeh 莊:Chuang 呂:Lu 江:Chiang 何:Ho 蕭:Hsiao"
                + " 羅:Lo 高:Kao"));
  }

  private NameBook() {}

  /** A first name; {@code u} uniform on [0, 1). */
  static Name firstName(ShopperLanguage language, boolean female, double u) {
    Name[] names = (female ? FEMALE : MALE).get(language);
    return names[(int) (u * names.length)];
  }

  /** A family name in its masculine or dictionary form; {@code u} uniform on [0, 1). */
  static Name familyName(ShopperLanguage language, double u) {
    Name[] names = FAMILY.get(language);
    return names[(int) (u * names.length)];
  }

  /** The family name as a woman or a man of that language carries it. */
  static Name familyNameFor(ShopperLanguage language, Name familyName, boolean female) {
    if (female && language == ShopperLanguage.BULGARIAN) {
      return new Name(familyName.written() + "а", familyName.latin() + "a");
    }
    return familyName;
  }

  private static Name[] latin(String names) {
    String[] written = names.split(" ");
    Name[] result = new Name[written.length];
    for (int i = 0; i < written.length; i++) {
      String plain = Normalizer.normalize(written[i], Normalizer.Form.NFD).replaceAll("\\p{M}", "");
      result[i] = new Name(written[i], plain);
    }
    return result;
  }

  private static Name[] cyrillic(String names) {
    String[] written = names.split(" ");
    Name[] result = new Name[written.length];
    for (int i = 0; i < written.length; i++) {
      result[i] = new Name(written[i], transliterateBulgarian(written[i]));
    }
    return result;
  }

  private static Name[] pairs(String names) {
    String[] entries = names.split(" ");
    Name[] result = new Name[entries.length];
    for (int i = 0; i < entries.length; i++) {
      String[] parts = entries[i].split(":");
      result[i] = new Name(parts[0], parts[1]);
    }
    return result;
  }

  /** The Bulgarian Transliteration Act (2009) spelling, used by Bulgarian passports. */
  static String transliterateBulgarian(String cyrillic) {
    StringBuilder latin = new StringBuilder(cyrillic.length() + 4);
    for (int i = 0; i < cyrillic.length(); i++) {
      char c = cyrillic.charAt(i);
      char lower = Character.toLowerCase(c);
      int k = BULGARIAN_LETTERS.indexOf(lower);
      if (k < 0) {
        latin.append(c);
        continue;
      }
      String letters = BULGARIAN_LATIN[k];
      if (Character.isUpperCase(c)) {
        latin.append(Character.toUpperCase(letters.charAt(0))).append(letters, 1, letters.length());
      } else {
        latin.append(letters);
      }
    }
    return latin.toString();
  }

  /** Lower-case ASCII letters of a Latin spelling, for the local part of an e-mail address. */
  static String emailPart(String latin) {
    StringBuilder part = new StringBuilder(latin.length());
    for (char c : latin.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        part.append(c);
      }
    }
    return part.toString();
  }
}
