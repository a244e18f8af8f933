package org.tailor.server.plugins;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.ScoringPlugin;

/**
 * Puts together the {@link PluginStatus} of every plugin bundle from the framework (bundle state),
 * the Service Component Runtime (components), the Metatype service (settings), the tracked plugin
 * services and the failures the host recorded; and of every jar in the plugins folder that
 * FileInstall ignores because it is not an OSGi bundle (FileInstall does not even log those).
 */
final class PluginStatusReport {

  private static final Logger LOG = LoggerFactory.getLogger(PluginStatusReport.class);

  private final BundleContext context;
  private final PluginProblems problems;
  private final TrackedPlugins<ScoringPlugin> scoring;
  private final ScoringPlugins scoringCalls;
  private final TrackedPlugins<ChannelPlugin> channels;
  private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> runtime;
  private final ServiceTracker<MetaTypeService, MetaTypeService> metatype;
  private final Path pluginsDir;
  private final Set<String> reportedRejections = ConcurrentHashMap.newKeySet();

  PluginStatusReport(
      Path pluginsDir,
      BundleContext context,
      PluginProblems problems,
      TrackedPlugins<ScoringPlugin> scoring,
      ScoringPlugins scoringCalls,
      TrackedPlugins<ChannelPlugin> channels) {
    this.pluginsDir = pluginsDir;
    this.context = context;
    this.problems = problems;
    this.scoring = scoring;
    this.scoringCalls = scoringCalls;
    this.channels = channels;
    this.runtime = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
    this.metatype = new ServiceTracker<>(context, MetaTypeService.class, null);
  }

  void open() {
    runtime.open();
    metatype.open();
  }

  void close() {
    metatype.close();
    runtime.close();
  }

  List<PluginStatus> statuses() {
    List<PluginStatus> statuses = new ArrayList<>();
    Set<String> installedFrom = new HashSet<>();
    for (Bundle bundle : context.getBundles()) {
      if (PluginLifecycle.isPlugin(bundle)) {
        PluginStatus status = statusOf(bundle);
        statuses.add(status);
        installedFrom.add(status.location());
      }
    }
    statuses.addAll(rejectedJars(installedFrom));
    return List.copyOf(statuses);
  }

  /**
   * Jars in the plugins folder that are not installed and cannot be: not bundles, or unreadable.
   */
  private List<PluginStatus> rejectedJars(Set<String> installedFrom) {
    List<PluginStatus> rejected = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(pluginsDir, "*.jar")) {
      for (Path jar : jars) {
        if (installedFrom.contains(jar.toString()) || !Files.isRegularFile(jar)) {
          continue;
        }
        whyNotABundle(jar)
            .ifPresent(
                reason -> {
                  PluginError error =
                      new PluginError(modifiedAt(jar), PluginErrorKind.INSTALL, reason);
                  if (reportedRejections.add(jar + "@" + error.at())) {
                    LOG.warn("plugin file {} is not installed: {}", jar, reason);
                  }
                  rejected.add(
                      new PluginStatus(
                          -1,
                          "",
                          "",
                          PluginState.FAILED,
                          jar.toString(),
                          List.of(),
                          List.of(),
                          List.of(),
                          List.of(),
                          List.of(),
                          Optional.of(error),
                          0));
                });
      }
    } catch (IOException e) {
      LOG.warn("cannot list the plugins folder {}", pluginsDir, e);
    }
    return rejected;
  }

  /** Why FileInstall will not install a jar, or empty when it is a bundle not yet installed. */
  private static Optional<String> whyNotABundle(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return Optional.of("not an OSGi bundle: the jar has no META-INF/MANIFEST.MF");
      }
      if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
        return Optional.of(
            "not an OSGi bundle: its manifest has no Bundle-SymbolicName (build it with bnd)");
      }
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot be read as a jar: " + e);
    }
  }

  private static Instant modifiedAt(Path jar) {
    try {
      return Files.getLastModifiedTime(jar).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private PluginStatus statusOf(Bundle bundle) {
    long id = bundle.getBundleId();
    List<ComponentStatus> components = componentsOf(bundle);
    boolean componentFailed =
        components.stream().anyMatch(c -> c.state() == ComponentState.FAILED_ACTIVATION);
    return new PluginStatus(
        id,
        bundle.getSymbolicName() == null ? "" : bundle.getSymbolicName(),
        bundle.getVersion().toString(),
        stateOf(bundle, componentFailed),
        locationOf(bundle),
        components,
        idsOf(scoring.snapshot(), id),
        scoringCalls.warmingUp(id),
        idsOf(channels.snapshot(), id),
        settingsOf(bundle),
        problems.lastError(id),
        problems.failedCalls(id));
  }

  private PluginState stateOf(Bundle bundle, boolean componentFailed) {
    int state = bundle.getState();
    boolean notStarted = state == Bundle.INSTALLED || state == Bundle.RESOLVED;
    if (componentFailed
        || (notStarted && problems.startFailure(bundle.getBundleId()).isPresent())) {
      return PluginState.FAILED;
    }
    return switch (state) {
      case Bundle.INSTALLED -> PluginState.INSTALLED;
      case Bundle.RESOLVED -> PluginState.RESOLVED;
      case Bundle.STARTING -> PluginState.STARTING;
      case Bundle.STOPPING -> PluginState.STOPPING;
      default -> PluginState.ACTIVE;
    };
  }

  private static String locationOf(Bundle bundle) {
    String location = bundle.getLocation();
    if (location.startsWith("file:")) {
      try {
        return Path.of(URI.create(location)).toString();
      } catch (IllegalArgumentException e) {
        return location;
      }
    }
    return location;
  }

  private static <T> List<String> idsOf(List<TrackedPlugin<T>> plugins, long bundleId) {
    return plugins.stream().filter(p -> p.bundleId() == bundleId).map(TrackedPlugin::id).toList();
  }

  private List<ComponentStatus> componentsOf(Bundle bundle) {
    ServiceComponentRuntime scr = runtime.getService();
    if (scr == null) {
      return List.of();
    }
    List<ComponentStatus> components = new ArrayList<>();
    for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
      List<String> services = list(description.serviceInterfaces);
      if (!scr.isComponentEnabled(description)) {
        components.add(
            new ComponentStatus(
                description.name, ComponentState.DISABLED, Optional.empty(), List.of(), services));
        continue;
      }
      Collection<ComponentConfigurationDTO> configurations =
          scr.getComponentConfigurationDTOs(description);
      if (configurations.isEmpty()) {
        // Only a component that requires a configuration has no configuration at all.
        components.add(
            new ComponentStatus(
                description.name,
                ComponentState.UNSATISFIED_CONFIGURATION,
                Optional.empty(),
                List.of(),
                services));
      }
      for (ComponentConfigurationDTO configuration : configurations) {
        components.add(
            new ComponentStatus(
                description.name,
                stateOf(configuration.state),
                Optional.ofNullable(configuration.failure).map(PluginStatusReport::firstLine),
                unsatisfied(description, configuration),
                services));
      }
    }
    return components;
  }

  private static ComponentState stateOf(int state) {
    return switch (state) {
      case ComponentConfigurationDTO.ACTIVE -> ComponentState.ACTIVE;
      case ComponentConfigurationDTO.SATISFIED -> ComponentState.SATISFIED;
      case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> ComponentState.UNSATISFIED_REFERENCE;
      case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
          ComponentState.UNSATISFIED_CONFIGURATION;
      case ComponentConfigurationDTO.FAILED_ACTIVATION -> ComponentState.FAILED_ACTIVATION;
      default -> ComponentState.DISABLED; // -1 while Felix SCR disposes of it
    };
  }

  private static List<String> unsatisfied(
      ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
    if (configuration.unsatisfiedReferences == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
      String type =
          description.references == null
              ? "?"
              : Arrays.stream(description.references)
                  .filter(r -> r.name.equals(reference.name))
                  .map((ReferenceDTO r) -> r.interfaceName)
                  .findFirst()
                  .orElse("?");
      names.add(
          reference.name + ": " + type + (reference.target == null ? "" : " " + reference.target));
    }
    return names;
  }

  /** A component failure is a whole stack trace; its first line names the exception. */
  private static String firstLine(String failure) {
    int end = failure.indexOf('\n');
    return (end < 0 ? failure : failure.substring(0, end)).strip();
  }

  private List<PluginSettings> settingsOf(Bundle bundle) {
    MetaTypeService service = metatype.getService();
    if (service == null) {
      return List.of();
    }
    MetaTypeInformation information = service.getMetaTypeInformation(bundle);
    if (information == null) {
      return List.of();
    }
    List<PluginSettings> settings = new ArrayList<>();
    for (String pid : list(information.getPids())) {
      describe(information, pid, false).ifPresent(settings::add);
    }
    for (String pid : list(information.getFactoryPids())) {
      describe(information, pid, true).ifPresent(settings::add);
    }
    return settings;
  }

  private static Optional<PluginSettings> describe(
      MetaTypeInformation information, String pid, boolean factory) {
    ObjectClassDefinition definition;
    try {
      definition = information.getObjectClassDefinition(pid, null);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a designate without a definition: nothing to describe
    }
    if (definition == null) {
      return Optional.empty();
    }
    List<PluginSetting> settings = new ArrayList<>();
    AttributeDefinition[] attributes =
        definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
    for (AttributeDefinition attribute :
        attributes == null ? new AttributeDefinition[0] : attributes) {
      settings.add(
          new PluginSetting(
              attribute.getID(),
              orEmpty(attribute.getName()),
              orEmpty(attribute.getDescription()),
              typeName(attribute.getType()),
              attribute.getCardinality(),
              list(attribute.getDefaultValue()),
              options(attribute)));
    }
    return Optional.of(
        new PluginSettings(
            pid,
            factory,
            orEmpty(definition.getName()),
            orEmpty(definition.getDescription()),
            settings));
  }

  private static List<SettingOption> options(AttributeDefinition attribute) {
    String[] labels = attribute.getOptionLabels();
    String[] values = attribute.getOptionValues();
    if (labels == null || values == null) {
      return List.of();
    }
    List<SettingOption> options = new ArrayList<>();
    for (int i = 0; i < Math.min(labels.length, values.length); i++) {
      options.add(new SettingOption(labels[i], values[i]));
    }
    return options;
  }

  private static String typeName(int type) {
    return switch (type) {
      case AttributeDefinition.STRING -> "string";
      case AttributeDefinition.LONG -> "long";
      case AttributeDefinition.INTEGER -> "integer";
      case AttributeDefinition.SHORT -> "short";
      case AttributeDefinition.CHARACTER -> "char";
      case AttributeDefinition.BYTE -> "byte";
      case AttributeDefinition.DOUBLE -> "double";
      case AttributeDefinition.FLOAT -> "float";
      case AttributeDefinition.BOOLEAN -> "boolean";
      case AttributeDefinition.PASSWORD -> "password";
      default -> "type " + type;
    };
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }
}
