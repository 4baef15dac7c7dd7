package dev.p2p.gui.notify;

import java.awt.AWTError;
import java.awt.AWTException;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications through AWT's {@link SystemTray}: {@link TrayIcon#displayMessage} on a tray
 * icon put there with the first notice (so a user who never gets one, or has them off, never
 * gets an icon) and removed when the window closes. Where there is no tray (headless, a desktop
 * without one) it shows nothing and raises no error. AWT is loaded only then, and all its calls
 * run on its event thread: {@link #show} is called on the node's event thread, never on the
 * JavaFX thread, where loading AWT can block the window (macOS shares one main thread between
 * the two toolkits).
 */
public final class TrayNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger(TrayNotifier.class);
  /** Tray icons are 16 to 24 px on the desktops tried; AWT scales the image to fit. */
  private static final int ICON_PX = 32;

  private final String tooltip;
  /** Set on AWT's event thread once the icon is in the tray; read there too, as the flags are. */
  private TrayIcon icon;
  private boolean closed;
  private boolean unsupported;
  /** Whether AWT was asked for anything: if not, closing must not load it (on the JavaFX thread). */
  private volatile boolean used;

  private TrayNotifier(String tooltip) {
    this.tooltip = tooltip;
  }

  /** Notices on a tray icon named {@code tooltip}, or {@link Notifier#NONE} when headless. */
  public static Notifier create(String tooltip) {
    return GraphicsEnvironment.isHeadless() ? NONE : new TrayNotifier(tooltip);
  }

  private void addIcon() {
    if (icon != null || closed || unsupported) return;
    if (!SystemTray.isSupported()) {
      unsupported = true;
      return;
    }
    TrayIcon i = new TrayIcon(image(), tooltip);
    i.setImageAutoSize(true);
    try {
      SystemTray.getSystemTray().add(i);
      icon = i;
    } catch (AWTException e) {
      unsupported = true;
      log.info("desktop notifications are not available: {}", e.getMessage());
    }
  }

  /** Runs {@code r} on AWT's event thread; an AWT that cannot start means no notices, not an error. */
  private void onAwt(Runnable r) {
    try {
      EventQueue.invokeLater(r);
    } catch (AWTError | LinkageError | UnsupportedOperationException e) {
      log.info("desktop notifications are not available: {}", e.toString());
    }
  }

  private static BufferedImage image() {
    BufferedImage img = new BufferedImage(ICON_PX, ICON_PX, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0x2e, 0x7d, 0x32));
    g.fillOval(2, 2, ICON_PX - 4, ICON_PX - 4);
    g.setColor(Color.WHITE);
    g.fillPolygon(new int[] {ICON_PX / 2, ICON_PX - 8, 8}, new int[] {ICON_PX - 8, 12, 12}, 3);
    g.dispose();
    return img;
  }

  @Override
  public void show(String title, String text, boolean failure) {
    TrayIcon.MessageType type = failure ? TrayIcon.MessageType.ERROR : TrayIcon.MessageType.INFO;
    used = true;
    onAwt(() -> {
      addIcon();
      if (icon != null) icon.displayMessage(title, text, type);
    });
  }

  @Override
  public void close() {
    if (!used) return;
    onAwt(() -> {
      closed = true;
      if (icon != null) SystemTray.getSystemTray().remove(icon);
      icon = null;
    });
  }
}
