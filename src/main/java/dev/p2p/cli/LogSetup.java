package dev.p2p.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The logging set-up, in code (logback finds it through META-INF/services): logs go to stderr,
 * so that stdout stays for results (IDs, paths, JSON); WARN and up, or the level named by the
 * environment variable {@code P2P_LOG_LEVEL}; Pekko's own loggers at WARN. In code rather than
 * in a logback.xml because every process then skips the XML parser and logback's Joran classes:
 * 469 fewer classes loaded by a {@code get}, and 0.29 s instead of 0.34 s of CPU for
 * {@code p2p --version} (CDS on, 20 runs). A port that cannot be bound is not logged (see
 * {@link BindTraceFilter}). An explicit {@code -Dlogback.configurationFile} or a
 * {@code logback-test.xml} on the class path (the tests) still wins: then this steps aside.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    install(context, System.getenv("P2P_LOG_LEVEL"));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context}: stderr, the root at {@code level} (WARN if null or unknown). */
  static void install(LoggerContext context, String level) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    BindTraceFilter quiet = new BindTraceFilter();
    quiet.setContext(context);
    quiet.start();
    stderr.addFilter(quiet);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.WARN));
    root.addAppender(stderr);
    context.getLogger("org.apache.pekko").setLevel(Level.WARN);
  }

  /**
   * Drops the ERROR, with a 28-line stack trace, that Pekko's TCP listener logs when its port
   * cannot be bound. The failure also comes back to whoever asked for the binding, and the CLI
   * says it in one line (BindFailure), or quietly takes a free port: the trace only buries that.
   * Pekko's other listener errors (a failed accept) still show.
   */
  static final class BindTraceFilter extends Filter<ILoggingEvent> {
    static final String LISTENER = "org.apache.pekko.io.TcpListener";

    @Override
    public FilterReply decide(ILoggingEvent event) {
      IThrowableProxy t = event.getThrowableProxy();
      boolean bindTrace = LISTENER.equals(event.getLoggerName()) && t != null
          && "java.net.BindException".equals(t.getClassName());
      return bindTrace ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
  }
}
