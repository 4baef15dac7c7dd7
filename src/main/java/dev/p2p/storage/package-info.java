/**
 * Files and the values that name them: {@code FileId} (SHA-256 of the whole file),
 * {@code PeerAddress}, the {@code Manifest} of a file, files being served ({@code SharedFile}),
 * partial downloads with their bitmap ({@code PartialFile}), hashing, and names that can never
 * leave the download folder. Plain Java; every byte read from disk is checked.
 */
package dev.p2p.storage;
