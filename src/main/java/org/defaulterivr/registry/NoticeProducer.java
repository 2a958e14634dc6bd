package org.defaulterivr.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.Optional;
import org.defaulterivr.notice.AudioLimits;
import org.defaulterivr.notice.InvalidNoticeException;
import org.defaulterivr.notice.JudgmentAmount;
import org.defaulterivr.notice.NoticeFacts;
import org.defaulterivr.notice.NoticeTemplate;
import org.defaulterivr.notice.NoticeRenderer;
import org.defaulterivr.notice.NoticeStore;
import org.defaulterivr.notice.StoredNotice;
import org.defaulterivr.notice.TelephonyAudio;

/**
 * Makes a notice's audio file: speaks text with FreeTTS, or converts a court's recording to telephony WAV, and
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

    private final NoticeStore store;
    private final WorkerExecutor renderThread;
    private final WorkerExecutor audioThread;
    private NoticeRenderer renderer;

    public NoticeProducer(Vertx vertx, NoticeStore store) {
        this.store = store;
        this.renderThread = vertx.createSharedWorkerExecutor("notice-render", 1);
        this.audioThread = vertx.createSharedWorkerExecutor("notice-audio", 1);
    }

    /**
     * Speaks {@code text} and stores it.
     *
     * @return fails with {@link org.defaulterivr.notice.InvalidNoticeException} if the voice cannot read the text
     */
    public Future<StoredNotice> render(String text) {
        return renderThread.executeBlocking(() -> {
            if (renderer == null) {
                renderer = new NoticeRenderer();
            }
            return store.store(renderer.renderWav(text));
        }, true);
    }

    /**
     * Renders a case's notice: {@code templateText} (or the court's own wording when null) filled with the court's
     * name, the case number and, where the court opted in, the debtor's name and the amount.
     *
     * @return fails with {@link InvalidNoticeException} if the template is not allowed or cannot be spoken
     */
    public Future<NoticeChoice.Produced> renderCase(Court court, ValidCase valid, String templateText) {
        NoticeTemplate template;
        String spoken;
        try {
            template = templateText == null ? court.template()
                    : new NoticeTemplate(templateText, court.speaksDebtor(), court.speaksAmount());
            NoticeFacts facts = new NoticeFacts(court.name(), valid.caseNumber(),
                    court.speaksDebtor() ? Optional.of(valid.debtorName()) : Optional.empty(),
                    court.speaksAmount()
                            ? Optional.of(new JudgmentAmount(valid.amount(), Currency.getInstance(valid.currency())))
                            : Optional.empty());
            spoken = template.render(facts);
        } catch (InvalidNoticeException e) {
            return Future.failedFuture(e);
        }
        return render(spoken).map(stored -> new NoticeChoice.Produced(stored, "tts", template.text(), spoken));
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
                    if (renderer != null) {
                        renderer.close();
                    }
                    return null;
                }, true)
                .eventually(() -> renderThread.close())
                .eventually(() -> audioThread.close())
                .mapEmpty();
    }
}
