/**
 * Pekko TCP for the framed protocol: {@code FramedServer} binds, caps connections in total and
 * per IP, closes idle ones and ends a connection that sends bad input with one ERROR;
 * {@code Connections} opens outgoing connections with the same codec, socket options and
 * timeouts. The only package that touches sockets.
 */
package dev.p2p.net;
