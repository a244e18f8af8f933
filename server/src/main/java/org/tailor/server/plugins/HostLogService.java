package org.tailor.server.plugins;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerConsumer;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * An OSGi Log Service (1.4, OSGi Compendium 101) that sends what bundles log — Declarative
 * Services, FileInstall, Configuration Admin, Metatype, and plugins that log through OSGi — to
 * slf4j, under the logger {@code osgi.<bundle symbolic name>}: a component's activation failure is
 * logged under the plugin's own name. One instance per calling bundle, through a {@link
 * ServiceFactory}. {@code {}} placeholders and a trailing throwable work as in slf4j.
 */
@SuppressWarnings("deprecation") // the LogService 1.3 methods FileInstall and ConfigAdmin call
final class HostLogService implements LogService {

  private final Bundle caller;
  private final org.slf4j.Logger log;

  private HostLogService(Bundle caller) {
    this.caller = caller;
    this.log = slf4jFor(caller);
  }

  /**
   * The factory to register as {@link LogService} and {@link org.osgi.service.log.LoggerFactory}
   * (Declarative Services looks for the latter); each bundle gets its own instance.
   */
  static ServiceFactory<Object> factory() {
    return new ServiceFactory<>() {
      @Override
      public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
        return new HostLogService(bundle);
      }

      @Override
      public void ungetService(
          Bundle bundle, ServiceRegistration<Object> registration, Object service) {
        // nothing held
      }
    };
  }

  @Override
  public void log(int level, String message) {
    log(level, message, null);
  }

  @Override
  public void log(int level, String message, Throwable failure) {
    switch (level) {
      case LOG_ERROR -> log.error(message, failure);
      case LOG_WARNING -> log.warn(message, failure);
      case LOG_INFO -> log.info(message, failure);
      default -> log.debug(message, failure);
    }
  }

  @Override
  public void log(ServiceReference<?> reference, int level, String message) {
    log(level, message, null);
  }

  @Override
  public void log(ServiceReference<?> reference, int level, String message, Throwable failure) {
    log(level, message, failure);
  }

  @Override
  public Logger getLogger(String name) {
    return getLogger(caller, name, Logger.class);
  }

  @Override
  public Logger getLogger(Class<?> type) {
    return getLogger(caller, type.getName(), Logger.class);
  }

  @Override
  public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
    return getLogger(caller, name, loggerType);
  }

  @Override
  public <L extends Logger> L getLogger(Class<?> type, Class<L> loggerType) {
    return getLogger(caller, type.getName(), loggerType);
  }

  @Override
  public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
    if (loggerType != Logger.class && loggerType != FormatterLogger.class) {
      throw new IllegalArgumentException("unknown logger type " + loggerType.getName());
    }
    Object logger =
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {loggerType},
            new ToSlf4j(name, slf4jFor(bundle), loggerType == FormatterLogger.class));
    return loggerType.cast(logger);
  }

  private static org.slf4j.Logger slf4jFor(Bundle bundle) {
    return LoggerFactory.getLogger("osgi." + PluginHost.nameOf(bundle));
  }

  /** Implements {@link Logger} and {@link FormatterLogger} on an slf4j logger. */
  private record ToSlf4j(String name, org.slf4j.Logger target, boolean printf)
      implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Exception {
      String methodName = method.getName();
      switch (methodName) {
        case "getName":
          return name;
        case "isTraceEnabled":
          return target.isTraceEnabled();
        case "isDebugEnabled":
          return target.isDebugEnabled();
        case "isInfoEnabled":
          return target.isInfoEnabled();
        case "isWarnEnabled":
          return target.isWarnEnabled();
        case "isErrorEnabled":
          return target.isErrorEnabled();
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "Logger[" + name + " -> " + target.getName() + "]";
        default:
          break;
      }
      Level level =
          switch (methodName) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info", "audit" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> throw new UnsupportedOperationException(method.toString());
          };
      boolean audit = methodName.equals("audit");
      if (!audit && !target.isEnabledForLevel(level)) {
        return null;
      }
      if (args.length == 1 && args[0] instanceof LoggerConsumer<?> consumer) {
        consumer.accept((Logger) proxy);
        return null;
      }
      String message = (String) args[0];
      Object[] parameters =
          method.isVarArgs() ? (Object[]) args[1] : Arrays.copyOfRange(args, 1, args.length);
      if (printf) {
        Throwable failure = lastThrowable(parameters);
        Object[] values =
            failure == null ? parameters : Arrays.copyOf(parameters, parameters.length - 1);
        message = String.format(Locale.ROOT, message, values);
        parameters = failure == null ? new Object[0] : new Object[] {failure};
      }
      switch (level) {
        case TRACE -> target.trace(message, parameters);
        case DEBUG -> target.debug(message, parameters);
        case INFO -> target.info(message, parameters);
        case WARN -> target.warn(message, parameters);
        default -> target.error(message, parameters);
      }
      return null;
    }

    private static Throwable lastThrowable(Object[] parameters) {
      return parameters.length > 0 && parameters[parameters.length - 1] instanceof Throwable t
          ? t
          : null;
    }
  }
}
