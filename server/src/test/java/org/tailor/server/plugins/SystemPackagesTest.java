package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ScoringPlugin;

class SystemPackagesTest {

  @Test
  void exportsThePluginApiAtTheVersionItsManifestDeclares() {
    String exports =
        SystemPackages.exports(
            Map.of(ScoringPlugin.class, List.of("org.tailor.plugin", "org.tailor.plugin.host")));

    assertThat(SystemPackages.split(exports, ','))
        .anySatisfy(clause -> assertThat(clause).startsWith("org.tailor.plugin;version=\"1.5.0\""))
        .anySatisfy(
            clause -> assertThat(clause).startsWith("org.tailor.plugin.host;version=\"1.6.0\""));
  }

  @Test
  void exportsOnlyTheWantedPackagesOfAJar() {
    String exports = SystemPackages.exports(Map.of(LoggerFactory.class, List.of("org.slf4j")));

    assertThat(SystemPackages.split(exports, ','))
        .isNotEmpty()
        .allSatisfy(
            clause -> assertThat(SystemPackages.packagesOf(clause)).containsExactly("org.slf4j"));
  }

  @Test
  void namesAPackageItsJarDoesNotExport() {
    assertThatThrownBy(
            () ->
                SystemPackages.exports(
                    Map.of(ScoringPlugin.class, List.of("org.tailor.plugin.internal"))))
        .isInstanceOf(PluginHostException.class)
        .hasMessageContaining("org.tailor.plugin.internal");
  }

  @Test
  void splitsHeadersOnlyOutsideQuotes() {
    assertThat(SystemPackages.split("a;version=\"1.0\";uses:=\"b,c\",b;c;version=\"[1,2)\"", ','))
        .containsExactly("a;version=\"1.0\";uses:=\"b,c\"", "b;c;version=\"[1,2)\"");
    assertThat(SystemPackages.packagesOf("b;c;version=\"[1,2)\"")).containsExactly("b", "c");
  }
}
