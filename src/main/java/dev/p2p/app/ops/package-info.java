/**
 * Operating a running node or tracker: its HTTP endpoint ({@code OpsEndpoint}: GET /metrics in
 * the Prometheus text format, GET /status as JSON behind a token), what /status reports of a
 * node ({@code StatusBoard}, fed by the node's transfer events), the status files under
 * {@code p2p.state-dir}/run by which {@code p2p status} finds this user's running processes
 * ({@code RunFiles}), and the client that asks them ({@code StatusClient}).
 */
package dev.p2p.app.ops;
