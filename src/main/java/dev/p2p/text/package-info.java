/**
 * Text meant for a person, in one place: a failure as one line ({@code UserText}), the
 * user-facing exception ({@code P2pException}), and the parsing and printing of sizes, rates,
 * durations and addresses shared by the CLI and the window. Plain Java, no dependencies.
 */
package dev.p2p.text;
