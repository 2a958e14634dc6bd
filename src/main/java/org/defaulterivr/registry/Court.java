package org.defaulterivr.registry;

import io.vertx.core.json.JsonObject;
import org.defaulterivr.notice.NoticeTemplate;

/**
 * A court: its code (used in URLs, tokens and evidence), its name as the notice speaks it, and its notice wording.
 *
 * @param noticeTemplate the court's own wording, or null for {@link NoticeTemplate#DEFAULT_TEXT}
 */
public record Court(long id, String code, String name, String noticeTemplate, boolean speaksDebtor,
        boolean speaksAmount) {

    /** The template a new notice of this court is rendered from. */
    public NoticeTemplate template() {
        return new NoticeTemplate(noticeTemplate == null ? NoticeTemplate.DEFAULT_TEXT : noticeTemplate, speaksDebtor,
                speaksAmount);
    }

    public JsonObject toJson() {
        return new JsonObject().put("code", code).put("name", name)
                .put("noticeTemplate", new JsonObject()
                        .put("text", noticeTemplate == null ? NoticeTemplate.DEFAULT_TEXT : noticeTemplate)
                        .put("custom", noticeTemplate != null)
                        .put("speaksDebtor", speaksDebtor)
                        .put("speaksAmount", speaksAmount));
    }
}
