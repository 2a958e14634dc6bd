package org.defaulterivr.notice;

import org.defaulterivr.config.Config;

/**
 * The name Asterisk is given to play a notice: a path under its sounds directory (where the service's notice folder
 * is shared), or a URL of this service, which Asterisk's media cache fetches once and keeps, since the URL names the
 * file's SHA-256 and so never changes.
 */
public final class NoticeMedia {
    private final Config.NoticeSource source;
    private final String soundsPrefix;
    private final String httpBase;

    public NoticeMedia(Config.NoticeSource source, String soundsPrefix, String httpBase) {
        this.source = source;
        this.soundsPrefix = soundsPrefix;
        this.httpBase = httpBase;
    }

    public static NoticeMedia from(Config config) {
        return new NoticeMedia(config.noticeSource(), config.noticeSoundsPrefix(), config.noticeHttpBase());
    }

    /** What STREAM FILE is given for the notice whose WAV has this SHA-256 (Asterisk adds the extension itself). */
    public String mediaName(String sha256) {
        return switch (source) {
            case SOUNDS -> soundsPrefix + sha256;
            case HTTP -> httpBase + "/notices/" + sha256 + ".wav";
        };
    }
}
