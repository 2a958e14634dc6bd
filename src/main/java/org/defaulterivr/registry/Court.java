package org.defaulterivr.registry;

import io.vertx.core.json.JsonObject;
import org.defaulterivr.notice.NoticeLanguage;
import org.defaulterivr.notice.NoticeTemplate;

/**
 * A court: its code (used in URLs, tokens and evidence), its name as the notice speaks it, its notice wording and
 * the language its notices are spoken in.
 *
 * @param noticeTemplate the court's own wording, or null for the stock wording of {@code noticeLanguage}
 * @param timeZone       the IANA time zone the console shows the court's times in, or null for the node's default
 */
public record Court(long id, String code, String name, String noticeTemplate, boolean speaksDebtor,
        boolean speaksAmount, NoticeLanguage noticeLanguage, String timeZone) {

    /** The template a new notice of this court is rendered from. */
    public NoticeTemplate template() {
        return new NoticeTemplate(noticeTemplate == null ? NoticeTemplate.defaultText(noticeLanguage) : noticeTemplate,
                speaksDebtor, speaksAmount, noticeLanguage);
    }

    public JsonObject toJson() {
        return new JsonObject().put("code", code).put("name", name)
                .put("noticeLanguage", noticeLanguage.tag())
                .put("timeZone", timeZone)
                .put("noticeTemplate", new JsonObject()
                        .put("text", template().text())
                        .put("custom", noticeTemplate != null)
                        .put("speaksDebtor", speaksDebtor)
                        .put("speaksAmount", speaksAmount));
    }
}
