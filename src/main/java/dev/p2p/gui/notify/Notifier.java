package dev.p2p.gui.notify;

/** Shows a desktop notification; never throws, and may show nothing (no system tray). */
public interface Notifier extends AutoCloseable {
  /** Shows nothing: headless, no system tray, or notifications turned off. */
  Notifier NONE = new Notifier() {
    @Override
    public void show(String title, String text, boolean failure) {}

    @Override
    public void close() {}
  };

  /** Shows {@code title} and {@code text}; {@code failure} marks a failed download's notice. */
  void show(String title, String text, boolean failure);

  /** Removes whatever the notifier added to the desktop (a tray icon). Idempotent. */
  @Override
  void close();
}
