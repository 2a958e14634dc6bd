-- The language a court's notices are spoken in: its stock wording, its own wording and the voice that reads it.
-- Existing courts keep English.
alter table court
    add column notice_language text not null default 'en' check (notice_language in ('en', 'zh-CN'));
