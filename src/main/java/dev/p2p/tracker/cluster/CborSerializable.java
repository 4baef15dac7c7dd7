package dev.p2p.tracker.cluster;

/**
 * Marks the messages that cross between tracker nodes: bound to Pekko's Jackson CBOR serializer in
 * tracker-cluster.conf ({@code pekko.actor.serialization-bindings}). Only records of this package
 * implement it; each carries wire bodies as bytes, which the receiver decodes with the strict
 * {@code Codec} as if they came from a socket.
 */
public interface CborSerializable {}
