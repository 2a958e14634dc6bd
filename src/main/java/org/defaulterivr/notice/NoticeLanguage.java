package org.defaulterivr.notice;

import java.util.Arrays;
import java.util.Optional;

/** The language a court's notices are spoken in; each court sets its own. */
public enum NoticeLanguage {
    /** English, spoken by FreeTTS. */
    EN("en"),
    /** Mandarin Chinese, spoken by espeak-ng's Mandarin voice. */
    ZH_CN("zh-CN");

    private final String tag;

    NoticeLanguage(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag used in the API and the database, e.g. {@code zh-CN}. */
    public String tag() {
        return tag;
    }

    /** The language for a tag, ignoring case ({@code zh-cn} is {@code zh-CN}). */
    public static Optional<NoticeLanguage> fromTag(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag)).findFirst();
    }
}
