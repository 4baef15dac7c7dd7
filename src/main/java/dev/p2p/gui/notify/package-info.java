/**
 * Desktop notifications of ended downloads: {@link dev.p2p.gui.notify.DownloadNotifications}
 * picks the events, a {@link dev.p2p.gui.notify.Notifier} shows them; AWT (the system tray) is
 * used in {@link dev.p2p.gui.notify.TrayNotifier} only, so that the rest is tested headless.
 */
package dev.p2p.gui.notify;
