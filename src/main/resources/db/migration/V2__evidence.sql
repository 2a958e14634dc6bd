-- Evidence of notices played. Written from each node's local spool; (node_id, call_id) makes replays idempotent.

create table evidence_record (
    node_id           text not null,
    call_id           text not null,
    occurred_at       timestamptz not null,
    called_number     text not null,
    caller_pseudonym  text not null,
    court_code        text not null,
    case_id           bigint not null,
    case_number       text not null,
    notice_id         bigint not null,
    notice_sha256     text not null check (notice_sha256 ~ '^[0-9a-f]{64}$'),
    outcome           text not null check (outcome in ('played', 'partial', 'hung_up', 'failed')),
    heard_ms          bigint not null check (heard_ms >= 0),
    notice_ms         bigint not null check (notice_ms >= 0),
    stored_at         timestamptz not null default now(),
    primary key (node_id, call_id)
);

create index evidence_record_case on evidence_record (case_id, occurred_at);
create index evidence_record_time on evidence_record (occurred_at);
