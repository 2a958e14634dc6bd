package org.defaulterivr.registry;

import org.defaulterivr.notice.StoredNotice;

/** The notice a registration or amendment sets: a new version just produced, or one the court recorded before. */
public sealed interface NoticeChoice {

    /**
     * A new version: audio already in the notice store, to be recorded as a {@code notice} row.
     *
     * @param source     {@code tts} (rendered from a template) or {@code upload} (a court's recording)
     * @param template   for tts, the template it was rendered from; null otherwise
     * @param spokenText for tts, the text spoken; null otherwise
     */
    record Produced(StoredNotice stored, String source, String template, String spokenText) implements NoticeChoice {
    }

    /** A version the same court recorded earlier (e.g. one recording used for many cases). */
    record Recorded(long noticeId) implements NoticeChoice {
    }
}
