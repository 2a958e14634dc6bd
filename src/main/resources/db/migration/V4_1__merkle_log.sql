-- The evidence log (docs/evidence-log.md): every evidence record gets a place `seq` in one append-only Merkle tree.
-- One sequencer at a time (a PostgreSQL advisory lock) appends leaves and signs tree heads. seq lives here only:
-- evidence_record is never updated, and log_leaf names its record by the record's key.
--
-- No foreign key to evidence_record: a month of evidence must stay detachable for archiving while its leaves remain.

create table log_leaf (
    seq          bigint primary key check (seq >= 0),
    occurred_at  timestamptz not null,
    node_id      text not null,
    call_id      text not null,
    leaf_hash    bytea not null check (octet_length(leaf_hash) = 32),
    logged_at    timestamptz not null default now(),
    unique (occurred_at, node_id, call_id)
);

-- The hash of every perfect subtree of two or more leaves, stored when its last leaf is appended: proofs and roots
-- over any size then take O(log^2 n) lookups instead of reading the leaves.
create table log_node (
    level  smallint not null check (level between 1 and 62),
    idx    bigint not null check (idx >= 0),
    hash   bytea not null check (octet_length(hash) = 32),
    primary key (level, idx)
);

create table tree_head (
    tree_size  bigint primary key check (tree_size >= 0),
    root_hash  bytea not null check (octet_length(root_hash) = 32),
    signed_at  timestamptz not null,
    signature  bytea not null check (octet_length(signature) = 64)
);

create trigger log_leaf_append_only before update or delete on log_leaf
    for each row execute function forbid_change();
create trigger log_leaf_no_truncate before truncate on log_leaf
    for each statement execute function forbid_change();
create trigger log_node_append_only before update or delete on log_node
    for each row execute function forbid_change();
create trigger log_node_no_truncate before truncate on log_node
    for each statement execute function forbid_change();
create trigger tree_head_append_only before update or delete on tree_head
    for each row execute function forbid_change();
create trigger tree_head_no_truncate before truncate on tree_head
    for each statement execute function forbid_change();

-- Leaves arrive in order, without gaps: each insert statement must continue the log exactly where it ends.
create function log_leaf_contiguous() returns trigger
    language plpgsql as
$$
declare
    low bigint;
    high bigint;
    added_count bigint;
    last_before bigint;
begin
    select min(seq), max(seq), count(*) into low, high, added_count from added;
    if added_count = 0 then
        return null;
    end if;
    select max(seq) into last_before from log_leaf where seq < low;
    if high - low + 1 <> added_count or low <> coalesce(last_before, -1) + 1
            or exists (select 1 from log_leaf where seq > high) then
        raise exception 'log_leaf grows only at its end without gaps: seq % to % cannot follow %',
            low, high, coalesce(last_before, -1);
    end if;
    return null;
end;
$$;

create trigger log_leaf_contiguous after insert on log_leaf
    referencing new table as added
    for each statement execute function log_leaf_contiguous();
