-- The registry: what courts said. Cases are never deleted; a delisting changes status and keeps the row.

create table court (
    id          bigint generated always as identity primary key,
    code        text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text not null check (length(name) between 1 and 200),
    created_at  timestamptz not null default now()
);

-- One version of the audio a case plays. Content-addressed: sha256 names the 8 kHz WAV file.
create table notice (
    id           bigint generated always as identity primary key,
    court_id     bigint not null references court (id),
    sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    duration_ms  integer not null check (duration_ms > 0),
    source       text not null check (source in ('stock', 'tts', 'upload')),
    spoken_text  text,
    created_at   timestamptz not null default now()
);

create table defaulter_case (
    id                     bigint generated always as identity primary key,
    court_id               bigint not null references court (id),
    case_number            text not null check (length(case_number) between 1 and 100),
    legal_basis            text not null check (length(legal_basis) between 1 and 200),
    debtor_name            text not null check (length(debtor_name) between 1 and 200),
    debtor_id_masked       text,
    debtor_adult_attested  boolean not null check (debtor_adult_attested),
    amount                 numeric(18, 2) not null check (amount >= 0),
    currency               char(3) not null check (currency ~ '^[A-Z]{3}$'),
    status                 text not null check (status in ('active', 'satisfied', 'withdrawn', 'expired', 'suspended')),
    valid_from             timestamptz not null,
    valid_until            timestamptz not null,
    notice_id              bigint not null references notice (id),
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    unique (court_id, case_number),
    check (valid_until > valid_from)
);

create table listed_number (
    case_id  bigint not null references defaulter_case (id),
    e164     text not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    primary key (case_id, e164)
);

create index listed_number_e164 on listed_number (e164);

-- Every node keeps an in-memory index of listings in force; a change to a case or its numbers tells them which
-- case to reload. The payload is the case id.
create function notify_registry_change() returns trigger
    language plpgsql as
$$
declare
    changed_case bigint;
begin
    if tg_table_name = 'defaulter_case' then
        changed_case := coalesce(new.id, old.id);
    else
        changed_case := coalesce(new.case_id, old.case_id);
    end if;
    perform pg_notify('registry_changed', changed_case::text);
    return null;
end;
$$;

create trigger defaulter_case_changed
    after insert or update or delete on defaulter_case
    for each row execute function notify_registry_change();

create trigger listed_number_changed
    after insert or update or delete on listed_number
    for each row execute function notify_registry_change();
