package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.outbox.DeliveryStatus;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;

/**
 * The plugin archetype, end to end: its templates are filled in as {@code mvn archetype:generate}
 * would (package, channel name), the generated plugin and its test are compiled, the plugin is
 * built into a bundle with bnd as its generated {@code bnd.bnd} says, installed into a running
 * Felix framework, configured from a config file, and delivers an offer through the host's
 * permission gate and outbox.
 */
class ArchetypePluginTest {

  private static final Path ARCHETYPE =
      Path.of("../plugins/plugin-archetype/src/main/resources/archetype-resources");
  private static final String PACKAGE = "com.example.tailor.pigeon";
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path root;
  private PluginHost host;
  private Database database;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aGeneratedPluginBuildsInstallsAndDeliversAnOffer() throws Exception {
    Path project = generate(root.resolve("generated"));
    Path classes = root.resolve("classes");
    compile(project.resolve("src/main/java"), classes, List.of());
    compile(
        project.resolve("src/test/java"),
        root.resolve("test-classes"),
        List.of(
            classes,
            location(org.junit.jupiter.api.Test.class),
            location(org.apiguardian.api.API.class),
            location(org.opentest4j.AssertionFailedError.class)));
    Path bundle = bundle(project.resolve("bnd.bnd"), classes, root.resolve("pigeon.jar"));

    Path config = root.resolve("config");
    Files.createDirectories(config);
    Path spool = root.resolve("spool");
    Files.writeString(config.resolve(PACKAGE + ".cfg"), "folder = " + spool + "\n");
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    config.toString(),
                    PluginHost.POLL_SETTING,
                    "50")));
    host.start();
    TestBundles.drop(bundle, Files.createDirectories(root.resolve("data/plugins")), "pigeon.jar");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> host.channelPlugins().channels().contains("pigeon"));

    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    new ChainFixture(database).shopper("L-1", "Ana", "García", "es");
    new ShopperService(database, new RfmCutPointRefresher(database, clock), clock)
        .recordConsent("L-1", new ConsentChange("pigeon", "offers", "granted", "test", NOW));
    Outbox outbox = new Outbox(database, clock);
    outbox.enqueue(
        new OutgoingMessage(
            "m-1",
            "L-1",
            "pigeon",
            "offers",
            "loft-7",
            "",
            "Hola Ana, 10 % en té",
            List.of(),
            "test"));
    new Dispatcher(
            database,
            new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
            host.channelPlugins(),
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            clock)
        .dispatchAllDue();

    assertThat(outbox.entry("m-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(Files.readAllLines(spool.resolve("deliveries.log")))
        .containsExactly("m-1\tloft-7\tHola Ana, 10 % en té");
  }

  /** Copies the archetype's files, filling in its properties and moving sources to the package. */
  private static Path generate(Path target) throws Exception {
    Map<String, String> properties =
        Map.of(
            "${package}", PACKAGE,
            "${groupId}", "com.example.tailor",
            "${artifactId}", "pigeon-channel",
            "${version}", "1.0.0",
            "${channelName}", "pigeon",
            "${tailorVersion}", "0.1.0-SNAPSHOT");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(ARCHETYPE)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String relative = ARCHETYPE.relativize(file).toString().replace('\\', '/');
      if (relative.endsWith(".java")) {
        String sourceRoot = relative.substring(0, relative.lastIndexOf('/'));
        relative =
            sourceRoot + "/" + PACKAGE.replace('.', '/') + "/" + file.getFileName().toString();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!relative.equals("pom.xml")) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
          text = text.replace(property.getKey(), property.getValue());
        }
      }
      Path out = target.resolve(relative);
      Files.createDirectories(out.getParent());
      Files.writeString(out, text, StandardCharsets.UTF_8);
    }
    return target;
  }

  private static void compile(Path sources, Path output, List<Path> extra) throws Exception {
    List<String> classpath = new ArrayList<>();
    for (Class<?> anchor :
        new Class<?>[] {
          ChannelPlugin.class,
          org.osgi.annotation.bundle.Requirement.class,
          org.osgi.service.component.annotations.Component.class,
          org.osgi.service.metatype.annotations.ObjectClassDefinition.class
        }) {
      classpath.add(location(anchor).toString());
    }
    extra.forEach(path -> classpath.add(path.toString()));
    List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-cp"));
    arguments.add(String.join(File.pathSeparator, classpath));
    arguments.addAll(List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none"));
    try (Stream<Path> walk = Files.walk(sources)) {
      walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> arguments.add(p.toString()));
    }
    Files.createDirectories(output);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, arguments.toArray(String[]::new)))
        .as("javac " + sources)
        .isZero();
  }

  private static Path bundle(Path bndFile, Path classes, Path jarFile) throws Exception {
    try (Builder builder = new Builder()) {
      builder.setProperties(bndFile.toFile());
      builder.setProperty("Bundle-Version", "1.0.0");
      builder.setProperty("-dsannotations", "*");
      builder.setProperty("-metatypeannotations", "*");
      builder.addClasspath(classes.toFile());
      for (Class<?> anchor :
          new Class<?>[] {
            ChannelPlugin.class,
            org.osgi.service.component.annotations.Component.class,
            org.osgi.service.metatype.annotations.ObjectClassDefinition.class
          }) {
        builder.addClasspath(location(anchor).toFile());
      }
      Jar jar = builder.build();
      assertThat(builder.getErrors()).isEmpty();
      jar.write(jarFile.toFile());
    }
    return jarFile;
  }

  private static Path location(Class<?> anchor) throws URISyntaxException {
    return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
