/**
 * Pekko TCP for the framed protocol: {@code FramedServer} binds, caps connections per IP and in
 * total (where {@code ConnectionSlots} picks the idlest to give way to a newcomer), closes idle
 * ones and those without a first frame in time, and ends a connection that sends bad input with
 * one ERROR;
 * {@code Connections} opens outgoing connections with the same codec, socket options and
 * timeouts. The only package that touches sockets.
 */
package dev.p2p.net;
