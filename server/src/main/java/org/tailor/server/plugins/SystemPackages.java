package org.tailor.server.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Constants;
import org.tailor.server.i18n.Message;

/**
 * The packages the host shares with its plugins through the system bundle ({@code
 * org.osgi.framework.system.packages.extra}), each exported as the class-path jar that holds it
 * exports it in its own manifest: the versions plugins see are the versions the jars declare (the
 * plugin API's come from its {@code @Version} package annotations, through bnd).
 */
final class SystemPackages {

  private SystemPackages() {}

  /**
   * The {@code Export-Package} clauses naming the wanted packages, taken from the manifests of the
   * jars (or class folders) that hold the anchor classes; each anchor maps to the packages wanted
   * from its jar. Throws {@link PluginHostException} when a wanted package is not exported there.
   */
  static String exports(Map<Class<?>, List<String>> wantedByAnchor) {
    List<String> clauses = new ArrayList<>();
    wantedByAnchor.forEach(
        (anchor, wanted) -> {
          Path location = locationOf(anchor);
          String header =
              manifestOf(anchor, location).getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
          Set<String> missing = new LinkedHashSet<>(wanted);
          for (String clause : split(header == null ? "" : header, ',')) {
            List<String> packages = packagesOf(clause);
            if (packages.stream().anyMatch(wanted::contains)) {
              clauses.add(clause.strip());
              missing.removeAll(packages);
            }
          }
          if (!missing.isEmpty()) {
            throw new PluginHostException(
                Message.of(
                    "plugins", "plugins.exports.missing", missing.iterator().next(), location));
          }
        });
    return String.join(",", clauses);
  }

  /** The package names at the head of an export clause ({@code a;b;version="1.0"}). */
  static List<String> packagesOf(String clause) {
    List<String> packages = new ArrayList<>();
    for (String part : split(clause, ';')) {
      String token = part.strip();
      if (token.contains("=")) {
        break; // attributes and directives follow the names
      }
      packages.add(token);
    }
    return packages;
  }

  /** Splits a manifest header on a separator that is not inside double quotes. */
  static List<String> split(String header, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    if (!part.toString().isBlank()) {
      parts.add(part.toString());
    }
    return parts;
  }

  private static Path locationOf(Class<?> anchor) {
    CodeSource source = anchor.getProtectionDomain().getCodeSource();
    URL url = source == null ? null : source.getLocation();
    if (url == null) {
      throw new PluginHostException(
          Message.of("plugins", "plugins.exports.missing", anchor.getPackageName(), "?"));
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new PluginHostException(
          Message.of("plugins", "plugins.exports.missing", anchor.getPackageName(), url), e);
    }
  }

  private static Manifest manifestOf(Class<?> anchor, Path location) {
    try {
      if (Files.isDirectory(location)) {
        Path file = location.resolve(JarFile.MANIFEST_NAME);
        if (!Files.isRegularFile(file)) {
          return new Manifest();
        }
        try (InputStream in = Files.newInputStream(file)) {
          return new Manifest(in);
        }
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        Manifest manifest = jar.getManifest();
        return manifest == null ? new Manifest() : manifest;
      }
    } catch (IOException e) {
      throw new PluginHostException(
          Message.of("plugins", "plugins.exports.missing", anchor.getPackageName(), location), e);
    }
  }
}
