package org.defaulterivr.console;

import io.vertx.ext.web.LanguageHeader;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every word a person reads in the console, in Simplified Chinese or English, from {@code console/messages*.properties}
 * (UTF-8). Which one: the person's choice (a cookie set by the switch in the page), else the browser's
 * Accept-Language, else Chinese, the language of the courts this serves.
 */
public final class Messages {
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final Locale ENGLISH = Locale.ENGLISH;
    private static final String BUNDLE = "console.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final Messages ZH = new Messages(CHINESE);
    private static final Messages EN = new Messages(ENGLISH);

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK);
    }

    public static Messages of(Locale locale) {
        return CHINESE.getLanguage().equals(locale.getLanguage()) ? ZH : EN;
    }

    /** The language tag the switch and the cookie use: {@code zh-CN} or {@code en}. */
    public String tag() {
        return this == ZH ? "zh-CN" : "en";
    }

    public Locale locale() {
        return locale;
    }

    public static Messages choose(String cookie, List<LanguageHeader> accepted) {
        if (cookie != null) {
            return cookie.startsWith("zh") ? ZH : cookie.startsWith("en") ? EN : ZH;
        }
        for (LanguageHeader language : accepted) {
            String tag = language.tag() == null ? "" : language.tag().toLowerCase(Locale.ROOT);
            if (tag.equals("zh")) {
                return ZH;
            }
            if (tag.equals("en")) {
                return EN;
            }
        }
        return ZH;
    }

    /** The text of {@code key}; a missing key shows as itself in brackets (a test keeps both bundles complete). */
    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "[" + key + "]";
        }
    }

    public String format(String key, Object... arguments) {
        return new MessageFormat(get(key), locale).format(arguments);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
