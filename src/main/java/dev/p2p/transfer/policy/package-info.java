/**
 * The download's policies as plain classes, each table-tested: {@code PeerScoreboard} (drop, ban,
 * retry delay, per-peer figures), {@code RequestWindow}, {@code ThroughputMeter}, {@code
 * StallDetector}, {@code Backoff}, {@code RequeryPolicy}, {@code SelfFilter}; every number they use
 * is in {@code DownloadTuning}. No actors, no clocks: callers pass the time in.
 */
package dev.p2p.transfer.policy;
