package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.Optional;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.defaulterivr.notice.AudioLimits;
import org.defaulterivr.notice.EspeakMandarinRenderer;
import org.defaulterivr.notice.NoticeLanguage;
import org.defaulterivr.notice.SpeechEngine;
import org.defaulterivr.notice.SpeechUnavailableException;
import org.defaulterivr.notice.StockPrompts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.defaulterivr.notice.InvalidNoticeException;
import org.defaulterivr.notice.JudgmentAmount;
import org.defaulterivr.notice.NoticeFacts;
import org.defaulterivr.notice.NoticeTemplate;
import org.defaulterivr.notice.NoticeRenderer;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.notice.NoticeTooLongException;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.notice.TelephonyAudio;

/**
 * Makes a notice's audio file: speaks text (English with FreeTTS, Mandarin with espeak-ng), or converts a court's recording to telephony WAV, and
 * stores the result in the content-addressed {@link NoticeStore} the call path plays from.
 *
 * <p>All of it blocks, so it runs on two named worker pools of one thread each, never on an event loop:
 * {@code notice-render} (FreeTTS is slow and not thread-safe; one thread also keeps renders in order) and
 * {@code notice-audio} (uploads, so a long conversion does not wait behind renders or the other way round).
 * The voice is loaded on first use.
 */
public final class NoticeProducer {
    /** What one upload may be: 10 MB and two minutes, checked before any conversion. */
    public static final AudioLimits UPLOAD_LIMITS = new AudioLimits(10L * 1024 * 1024, AudioLimits.LONGEST_NOTICE);

    private static final Logger log = LoggerFactory.getLogger(NoticeProducer.class);

    private final NoticeStore store;
    private final WorkerExecutor renderThread;
    private final WorkerExecutor audioThread;
    private final Map<NoticeLanguage, SpeechEngine> engines = new EnumMap<>(NoticeLanguage.class);
    private final Map<NoticeLanguage, Boolean> availability = new EnumMap<>(NoticeLanguage.class);
    private final Supplier<SpeechEngine> mandarin;

    public NoticeProducer(Vertx vertx, NoticeStore store) {
        this(vertx, store, EspeakMandarinRenderer.DEFAULT_EXECUTABLE);
    }

    /** @param mandarinEngine the espeak-ng program (notice.mandarin.engine); it need not be installed */
    public NoticeProducer(Vertx vertx, NoticeStore store, String mandarinEngine) {
        this.store = store;
        this.mandarin = () -> new EspeakMandarinRenderer(mandarinEngine, NoticeTemplate.MAX_TEXT_CHARS * 2);
        this.renderThread = vertx.createSharedWorkerExecutor("notice-render", 1);
        this.audioThread = vertx.createSharedWorkerExecutor("notice-audio", 1);
    }

    /**
     * Speaks {@code text} with the English voice and stores it.
     *
     * @return fails with {@link org.defaulterivr.notice.InvalidNoticeException} if the voice cannot read the text
     */
    public Future<StoredNotice> render(String text) {
        return render(text, NoticeLanguage.EN);
    }

    /**
     * Speaks {@code text} in {@code language} and stores it.
     *
     * @return fails with {@link InvalidNoticeException} if the voice cannot read the text, or with
     *         {@link SpeechUnavailableException} if this node has no engine for the language
     */
    public Future<StoredNotice> render(String text, NoticeLanguage language) {
        return renderThread.executeBlocking(() -> {
            byte[] wav = engine(language).renderWav(text);
            // the length limit of uploads holds for what a voice makes too (a long Mandarin wording can run minutes)
            long ms = TelephonyAudio.durationMillis(wav);
            if (ms > AudioLimits.LONGEST_NOTICE.toMillis()) {
                throw new NoticeTooLongException(Duration.ofMillis(ms));
            }
            return store.store(wav);
        }, true);
    }

    /**
     * Renders a case's notice from {@code templateText}, a wording the court sent for this case: filled with the
     * court's name, the case number and, where the court opted in, the debtor's name and the amount, and spoken in the
     * court's language. A wording it cannot speak is the court's to fix (422); a language this node cannot speak is
     * the operator's (503). A field the voice cannot read (Chinese characters for the English voice) does not fail:
     * the stock notice of the court's language is used instead.
     *
     * @param templateText the wording, or null for the court's own
     */
    public Future<NoticeChoice.Produced> renderCase(Court court, ValidCase valid, String templateText) {
        if (templateText == null) {
            return renderCourtWording(court, valid, null);
        }
        return renderCase(court, valid, templateText, false);
    }

    /**
     * Renders a case's notice from the court's stored wording ({@code templateText}, or the court's current one when
     * null), as a registration, an import or an amendment does. Never fails for want of a voice: if the wording
     * cannot be spoken here, the case gets the stock notice of the court's language, which names no case.
     */
    public Future<NoticeChoice.Produced> renderCourtWording(Court court, ValidCase valid, String templateText) {
        return renderCase(court, valid, templateText, true);
    }

    private Future<NoticeChoice.Produced> renderCase(Court court, ValidCase valid, String templateText,
            boolean stockIfUnspeakable) {
        NoticeTemplate template;
        String spoken;
        try {
            template = templateText == null ? court.template()
                    : new NoticeTemplate(templateText, court.speaksDebtor(), court.speaksAmount(),
                            court.noticeLanguage());
            NoticeFacts facts = new NoticeFacts(court.name(), valid.caseNumber(),
                    court.speaksDebtor() ? Optional.of(valid.debtorName()) : Optional.empty(),
                    court.speaksAmount()
                            ? Optional.of(new JudgmentAmount(valid.amount(), Currency.getInstance(valid.currency())))
                            : Optional.empty());
            spoken = template.render(facts);
        } catch (InvalidNoticeException e) {
            return Future.failedFuture(e);
        }
        NoticeLanguage language = court.noticeLanguage();
        return render(spoken, language)
                .map(stored -> new NoticeChoice.Produced(stored, "tts", template.text(), spoken))
                .recover(e -> {
                    // too long is the wording's fault, not a field's: the stock notice only where one is wanted
                    boolean tooLong = e instanceof NoticeTooLongException;
                    boolean fieldUnreadable = !tooLong && e instanceof InvalidNoticeException
                            && readable(template, language);
                    boolean unspeakable = e instanceof SpeechUnavailableException || e instanceof InvalidNoticeException;
                    if (unspeakable && stockIfUnspeakable || fieldUnreadable) {
                        // not the message: it may quote the case's fields, and logs hold no personal data
                        log.warn("a case gets the stock {} notice: {}", language.tag(), tooLong
                                ? "its court's wording, spoken, is longer than a notice may be"
                                : fieldUnreadable ? "the voice cannot read one of its fields"
                                : "no speech engine for the language");
                        return stock(language);
                    }
                    return Future.failedFuture(e);
                });
    }

    /** Whether the voice reads the wording itself (its placeholders left out): then a field was what it could not. */
    private static boolean readable(NoticeTemplate template, NoticeLanguage language) {
        if (language != NoticeLanguage.EN) {
            return true;
        }
        return NoticeRenderer.readsWording(template.text());
    }

    /** The stock notice of a language (shipped in the jar), stored like any other. */
    public Future<NoticeChoice.Produced> stock(NoticeLanguage language) {
        String resource = StockPrompts.resourceFor(language);
        return audioThread.executeBlocking(() -> {
            try (InputStream in = NoticeProducer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("stock notice " + resource + " missing from the build");
                }
                return new NoticeChoice.Produced(store.store(in.readAllBytes()), "stock", null, null);
            }
        }, false);
    }

    private synchronized SpeechEngine engine(NoticeLanguage language) {
        SpeechEngine engine = engines.get(language);
        if (engine != null) {
            return engine;
        }
        if (language == NoticeLanguage.EN) {
            engine = new NoticeRenderer();
        } else if (available(language)) {
            engine = mandarin.get();
        } else {
            throw new SpeechUnavailableException("This node cannot speak Mandarin notices: "
                    + EspeakMandarinRenderer.INSTALL_HINT + ".");
        }
        engines.put(language, engine);
        return engine;
    }

    private synchronized boolean available(NoticeLanguage language) {
        if (language == NoticeLanguage.EN) {
            return true;
        }
        return availability.computeIfAbsent(language, l -> {
            SpeechEngine candidate = mandarin.get();
            boolean found = candidate instanceof EspeakMandarinRenderer espeak ? espeak.available() : candidate != null;
            if (!found) {
                log.warn("no Mandarin speech engine on this node: Mandarin courts' notices use the stock Mandarin"
                        + " notice; {}", EspeakMandarinRenderer.INSTALL_HINT);
            }
            return found;
        });
    }

    /** Whether a notice rendered from {@code templateText} must be rendered again when the amount changes. */
    public static boolean speaksAmount(String templateText) {
        return templateText != null && templateText.contains(NoticeTemplate.Placeholder.AMOUNT.token());
    }

    /**
     * Converts an uploaded WAV to telephony audio and stores it.
     *
     * @return fails with {@link org.defaulterivr.notice.UnsupportedAudioException} if the upload cannot be used
     */
    public Future<StoredNotice> convert(byte[] upload) {
        return audioThread.executeBlocking(() -> store.store(TelephonyAudio.toTelephonyWav(upload, UPLOAD_LIMITS)),
                false);
    }

    /** As {@link #convert(byte[])}, for an upload the HTTP layer spooled to a file. */
    public Future<StoredNotice> convert(Path uploadedFile) {
        return audioThread.executeBlocking(() -> {
            try (InputStream in = Files.newInputStream(uploadedFile)) {
                return store.store(TelephonyAudio.toTelephonyWav(in, UPLOAD_LIMITS));
            }
        }, false);
    }

    /** The stored file of a notice, if this node has it. */
    public Future<Path> file(String sha256) {
        return audioThread.executeBlocking(() -> store.find(sha256)
                .orElseThrow(() -> new IOException("notice file " + sha256 + " is not on this node")), false);
    }

    /** Frees the voice and the worker threads. */
    public Future<Void> close() {
        return renderThread.executeBlocking(() -> {
                    synchronized (this) {
                        engines.values().forEach(SpeechEngine::close);
                        engines.clear();
                    }
                    return null;
                }, true)
                .eventually(() -> renderThread.close())
                .eventually(() -> audioThread.close())
                .mapEmpty();
    }
}
