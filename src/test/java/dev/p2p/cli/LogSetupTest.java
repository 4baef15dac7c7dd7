package dev.p2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.net.BindException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
  @Test
  void logsWarningsToStderrAndTakesTheLevelFromTheEnvironment() {
    LoggerContext c = new LoggerContext();
    LogSetup.install(c, null);
    ch.qos.logback.classic.Logger root = c.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.WARN, root.getLevel());
    assertEquals("System.err", assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR")).getTarget());
    assertEquals(Level.WARN, c.getLogger("org.apache.pekko").getLevel());

    LoggerContext debug = new LoggerContext();
    LogSetup.install(debug, "DEBUG");
    assertEquals(Level.DEBUG, debug.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    assertEquals(Level.WARN, debug.getLogger("org.apache.pekko").getLevel(), "Pekko stays quiet");
  }

  @Test
  void stepsAsideForTheTestsLogbackXml() {
    // logback-test.xml is on the test class path, so the XML configuration runs instead.
    assertEquals(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY,
        new LogSetup().configure(new LoggerContext()));
  }

  @Test
  void dropsOnlyTheListenersBindFailureTrace() {
    LoggerContext c = new LoggerContext();
    LogSetup.install(c, null);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) c.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    assertEquals(1, stderr.getCopyOfAttachedFiltersList().size());
    LogSetup.BindTraceFilter f = new LogSetup.BindTraceFilter();
    ch.qos.logback.classic.Logger listener = c.getLogger(LogSetup.BindTraceFilter.LISTENER);
    assertEquals(FilterReply.DENY, f.decide(new LoggingEvent("x", listener, Level.ERROR,
        "Bind failed for TCP channel on endpoint [/127.0.0.1:6000]",
        new BindException("Address already in use"), null)));
    assertEquals(FilterReply.NEUTRAL, f.decide(new LoggingEvent("x", listener, Level.ERROR,
        "Accept error: could not accept new connection", new SocketException("Too many open files"), null)));
    assertEquals(FilterReply.NEUTRAL, f.decide(new LoggingEvent("x", c.getLogger("dev.p2p.app.X"), Level.ERROR,
        "bind", new BindException("Address already in use"), null)));
  }
}
