/**
 * Downloading one file from many peers: the {@code Download} actor (locating, opening,
 * downloading, verifying), one {@code ChunkFetcher} per chunk in flight (timeout, SHA-256 check,
 * positional write), and the events a node publishes about its transfers. The decisions (which
 * chunk, which peer, how many requests, when to give up) are plain classes in sub-packages.
 */
package dev.p2p.transfer;
