package org.defaulterivr.index;

/** The notice version a case plays: its id, the SHA-256 of its 8 kHz WAV and its length. */
public record NoticeRef(long id, String sha256, long durationMs) {
}
