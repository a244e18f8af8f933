package org.tailor.server.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The bundle jar of one of the project's own plugin modules, found from one of its classes: the
 * module's jar when Maven built one, or its {@code target/classes} (where bnd writes the manifest)
 * packed into a jar.
 */
public final class ModuleBundles {

  private ModuleBundles() {}

  /** Copies the bundle that holds {@code anchor} into {@code folder} as {@code fileName}. */
  public static Path drop(Class<?> anchor, Path folder, String fileName)
      throws IOException, URISyntaxException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.createDirectories(folder);
    Path staged = folder.resolveSibling(fileName + ".staged");
    if (Files.isDirectory(location)) {
      pack(location, staged);
    } else {
      Files.copy(location, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path target = folder.resolve(fileName);
    Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static void pack(Path classes, Path jar) throws IOException {
    Manifest manifest;
    try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
      manifest = new Manifest(in);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      for (Path file : files) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        jarOut.putNextEntry(new ZipEntry(name));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    }
  }
}
