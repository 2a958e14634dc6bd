/**
 * The transparency-log formats of C2SP that standard tooling reads: signed notes (c2sp.org/signed-note), checkpoints
 * (c2sp.org/tlog-checkpoint) and timestamped Ed25519 witness cosignatures (c2sp.org/tlog-cosignature,
 * {@code cosignature/v1}). Plain Java, no I/O: the log signs its checkpoints with these, a witness checks and cosigns
 * them, and {@code verify} checks both offline.
 */
package org.defaulterivr.tlog;
