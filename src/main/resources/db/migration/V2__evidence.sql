-- Evidence of notices played. Written from each node's local spool; a spool replay carries the identical record,
-- so (occurred_at, node_id, call_id) makes replays idempotent.
--
-- Evidence partitioned by calendar month (UTC) of occurred_at, so that a month can be exported and then archived
-- (detached) whole. A partitioned table's key must include the partition key: a spool replay carries the identical
-- record, occurred_at included, so (occurred_at, node_id, call_id) keeps replays idempotent.
--
-- Records are never changed or removed: the table refuses UPDATE, DELETE and TRUNCATE. Archiving detaches a whole
-- partition (DDL), after exporting it; see docs/evidence-log.md. The tamper-evidence of the log (V4_1) does not rest
-- on these triggers: a superuser can disable them, which is exactly what the Merkle log makes visible.

create function forbid_change() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

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
    primary key (occurred_at, node_id, call_id)
) partition by range (occurred_at);

-- Catches a record whose month has no partition yet (a node with a wrong clock, say), so no insert ever fails.
create table evidence_record_default partition of evidence_record default;

-- The auditors' searches: each filter with the keyset order (occurred_at, node_id, call_id).
create index evidence_record_case on evidence_record (case_id, occurred_at, node_id, call_id);
create index evidence_record_court on evidence_record (court_code, occurred_at, node_id, call_id);
create index evidence_record_called on evidence_record (called_number, occurred_at, node_id, call_id);

create trigger evidence_record_append_only
    before update or delete on evidence_record
    for each row execute function forbid_change();
create trigger evidence_record_no_truncate
    before truncate on evidence_record
    for each statement execute function forbid_change();

-- Creates the monthly partitions of `months` months from the month of `first_month` that do not exist yet; returns
-- how many it created. A month whose records already sit in the default partition is left alone (with a warning):
-- its records stay readable and verifiable there, and an operator can move them when convenient.
create function ensure_evidence_partitions(first_month date, months integer) returns integer
    language plpgsql as
$$
declare
    month_start date := date_trunc('month', first_month)::date;
    low timestamptz;
    high timestamptz;
    name text;
    created integer := 0;
begin
    for i in 1 .. months loop
        name := format('evidence_record_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
        low := month_start::timestamp at time zone 'UTC';
        high := (month_start + interval '1 month') at time zone 'UTC';
        if to_regclass(name) is null then
            if exists (select 1 from evidence_record_default where occurred_at >= low and occurred_at < high) then
                raise warning 'evidence_record_default holds records of %; partition % not created',
                    to_char(month_start, 'YYYY-MM'), name;
            else
                execute format('create table %I partition of evidence_record for values from (%L) to (%L)',
                    name, low, high);
                created := created + 1;
            end if;
        end if;
        month_start := (month_start + interval '1 month')::date;
    end loop;
    return created;
end;
$$;

-- Records not yet given a place in the log (V4_1): the sequencer takes them in order of arrival, then removes them.
create table evidence_pending (
    occurred_at  timestamptz not null,
    node_id      text not null,
    call_id      text not null,
    stored_at    timestamptz not null,
    primary key (occurred_at, node_id, call_id)
);

create index evidence_pending_arrival on evidence_pending (stored_at, node_id, call_id);

select ensure_evidence_partitions((date_trunc('month', now() at time zone 'UTC') - interval '1 month')::date, 4);
