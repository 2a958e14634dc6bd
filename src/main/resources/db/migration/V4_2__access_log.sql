-- Who read personal data, when, with which query and how many records. Written before the data leaves the service;
-- a streamed export writes a 'stream-started' entry first and a 'stream-ended' (or 'stream-aborted') entry with the
-- count when it is over. Append-only like the evidence it is about.

create table access_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default clock_timestamp(),
    principal   text not null,
    action      text not null,
    query       jsonb not null,
    records     bigint check (records >= 0),
    phase       text not null check (phase in ('read', 'stream-started', 'stream-ended', 'stream-aborted')),
    started_id  bigint references access_log (id)
);

create index access_log_principal on access_log (principal, id);

create trigger access_log_append_only before update or delete on access_log
    for each row execute function forbid_change();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function forbid_change();
