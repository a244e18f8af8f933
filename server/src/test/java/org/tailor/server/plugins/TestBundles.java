package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.tailor.plugin.ScoringPlugin;

/**
 * Builds real plugin bundle jars from the test classes of one package under {@code testbundles},
 * with bnd: Declarative Services and Metatype XML generated from the annotations, imports computed
 * from the classes (the plugin API's versions from its manifest), and drops them into a plugins
 * folder atomically, as an operator copying a jar would.
 */
public final class TestBundles {

  private static final String PACKAGE_PREFIX = "org.tailor.server.plugins.testbundles.";

  private final Path staging;

  public TestBundles(Path staging) {
    this.staging = staging;
  }

  /** A bundle of the classes in {@code testbundles.<subpackage>}, with extra manifest headers. */
  Path build(String symbolicName, String version, String subpackage, Map<String, String> headers)
      throws Exception {
    Files.createDirectories(staging);
    Path jarFile = staging.resolve(symbolicName + "-" + version + ".jar");
    try (Builder builder = new Builder()) {
      builder.setProperty("Bundle-SymbolicName", symbolicName);
      builder.setProperty("Bundle-Version", version);
      builder.setProperty("Private-Package", PACKAGE_PREFIX + subpackage);
      builder.setProperty("-dsannotations", "*");
      builder.setProperty("-metatypeannotations", "*");
      headers.forEach(builder::setProperty);
      for (Class<?> anchor :
          new Class<?>[] {
            TestBundles.class, // the test classes
            ScoringPlugin.class, // the plugin API
            BundleActivator.class, // the OSGi framework API
            org.osgi.service.component.annotations.Component.class,
            org.osgi.service.metatype.annotations.ObjectClassDefinition.class
          }) {
        builder.addClasspath(locationOf(anchor));
      }
      Jar jar = builder.build();
      assertThat(builder.getErrors()).as("bnd errors building %s", symbolicName).isEmpty();
      jar.write(jarFile.toFile());
    }
    return jarFile;
  }

  public Path build(String symbolicName, String version, String subpackage) throws Exception {
    return build(symbolicName, version, subpackage, Map.of());
  }

  /**
   * Moves a built jar into a folder under a name, atomically; when it replaces a jar, its time
   * stamp is set later than the old one's so that FileInstall, which compares name, size and time,
   * sees a change even within one clock tick.
   */
  public static Path drop(Path jar, Path folder, String fileName) throws Exception {
    Path target = folder.resolve(fileName);
    if (Files.exists(target)) {
      FileTime old = Files.getLastModifiedTime(target);
      Files.setLastModifiedTime(jar, FileTime.fromMillis(old.toMillis() + 2_000));
    }
    return Files.move(
        jar, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static File locationOf(Class<?> anchor) throws URISyntaxException {
    return new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
