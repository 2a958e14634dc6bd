-- Courts, auditors and carriers talk to the registry over an authenticated HTTP API. Every change is kept in an
-- append-only history; a case is never deleted; every change to what a call hears notifies every node.

-- Bearer tokens. Only a SHA-256 of each token is kept: the token itself is shown once, when it is issued.
create table api_token (
    id            bigint generated always as identity primary key,
    token_sha256  bytea not null unique check (length(token_sha256) = 32),
    role          text not null check (role in ('admin', 'court', 'auditor', 'carrier')),
    court_id      bigint references court (id),
    label         text not null check (length(label) between 1 and 200),
    created_at    timestamptz not null default now(),
    created_by    bigint references api_token (id),
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    check ((role = 'court') = (court_id is not null)),
    check (expires_at > created_at)
);

-- A court's own notice wording (null: the stock English wording), and whether it opted in to speaking the
-- debtor's name or the amount.
alter table court
    add column notice_template text check (length(notice_template) between 1 and 1000),
    add column speaks_debtor boolean not null default false,
    add column speaks_amount boolean not null default false;

-- For a rendered notice: the template it was rendered from, so an amendment of the amount can render it again.
alter table notice
    add column template text,
    add column created_by bigint references api_token (id);

-- Optimistic concurrency: every change adds one to version; a writer names the version it read.
alter table defaulter_case
    add column version integer not null default 1 check (version > 0),
    add column status_reason text check (length(status_reason) <= 500);

-- A case is never deleted: delisting changes its status.
create function refuse_case_delete() returns trigger
    language plpgsql as
$$
begin
    raise exception 'cases are never deleted; delist them (status satisfied or withdrawn)';
end;
$$;

create trigger defaulter_case_never_deleted
    before delete on defaulter_case
    for each row execute function refuse_case_delete();

-- A number of a case is active, suspended (a carrier reported it reassigned; the court must confirm) or removed
-- (by an amendment or by the court after a reassignment). Only active numbers are listed.
alter table listed_number
    add column state text not null default 'active' check (state in ('active', 'suspended', 'removed')),
    add column state_reason text check (length(state_reason) <= 200),
    add column state_changed_at timestamptz not null default now();

-- Which notice version a case played from when: one row each time the case's notice changes.
create table case_notice (
    id          bigint generated always as identity primary key,
    case_id     bigint not null references defaulter_case (id),
    notice_id   bigint not null references notice (id),
    set_at      timestamptz not null default now(),
    set_by      bigint references api_token (id)
);

create index case_notice_case on case_notice (case_id, id);

-- Callers who never hear one case's notice (the debtor's counsel), set by the court.
create table case_exempt_caller (
    case_id  bigint not null references defaulter_case (id),
    caller   text not null check (caller ~ '^\+[1-9][0-9]{6,14}$'),
    primary key (case_id, caller)
);

create trigger case_exempt_caller_changed
    after insert or update or delete on case_exempt_caller
    for each row execute function notify_registry_change();

-- Callers who never hear any notice (emergency and public services), set by an admin; added to the built-in
-- screening.exempt.callers. E.164, or a short code as dialled.
create table exempt_caller (
    caller    text primary key check (caller ~ '^\+?[0-9]{2,15}$'),
    label     text not null check (length(label) between 1 and 200),
    added_by  bigint references api_token (id),
    added_at  timestamptz not null default now()
);

create function notify_exempt_callers_change() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('exempt_callers_changed', '');
    return null;
end;
$$;

create trigger exempt_caller_changed
    after insert or update or delete or truncate on exempt_caller
    for each statement execute function notify_exempt_callers_change();

-- A carrier's report that a number now belongs to someone else.
create table reassignment_report (
    id           bigint generated always as identity primary key,
    e164         text not null check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    reported_by  bigint not null references api_token (id),
    reported_at  timestamptz not null default now()
);

-- Every change to the registry: who (token), when, what, and the record before and after. Append-only.
create table registry_history (
    id              bigint generated always as identity primary key,
    at              timestamptz not null default clock_timestamp(),
    actor_token_id  bigint references api_token (id),
    actor           text not null,
    actor_role      text not null,
    action          text not null,
    court_id        bigint references court (id),
    case_id         bigint references defaulter_case (id),
    subject         text,
    before          jsonb,
    after           jsonb
);

create index registry_history_case on registry_history (case_id, id);
create index registry_history_court on registry_history (court_id, id);

create function refuse_history_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'registry_history is append-only';
end;
$$;

create trigger registry_history_append_only
    before update or delete on registry_history
    for each row execute function refuse_history_change();

create trigger registry_history_no_truncate
    before truncate on registry_history
    for each statement execute function refuse_history_change();
