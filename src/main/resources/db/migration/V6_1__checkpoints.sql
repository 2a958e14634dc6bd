-- Checkpoints (docs/evidence-log.md §3): each signed tree head is also published as a C2SP tlog-checkpoint, a signed
-- note that witnesses cosign. Its extension line commits to the per-case index at that size: for every case, how
-- many records the log holds, the latest one's seq and a hash chain over their seqs, so that a case bundle proves it
-- is complete.

create table checkpoint (
    tree_size        bigint primary key check (tree_size >= 0),
    note             text not null,               -- the signed note as the log signed it (its own signature only)
    case_index_root  bytea not null check (octet_length(case_index_root) = 32),
    case_count       bigint not null check (case_count >= 0),
    signed_at        timestamptz not null default now()
);

-- One row per case and per checkpoint at which the case's entry changed; the index at size N is, for every case,
-- its row with the largest tree_size <= N.
create table case_index_entry (
    case_id       bigint not null,
    tree_size     bigint not null check (tree_size > 0),
    record_count  bigint not null check (record_count > 0),
    latest_seq    bigint not null check (latest_seq >= 0 and latest_seq < tree_size),
    seqs_hash     bytea not null check (octet_length(seqs_hash) = 32),
    primary key (case_id, tree_size)
);

-- Witnesses' cosignatures (c2sp.org/tlog-cosignature), each a note signature line over the checkpoint of tree_size.
create table checkpoint_cosignature (
    tree_size       bigint not null,
    witness         text not null,                -- the witness's key name
    signature_line  text not null,
    received_at     timestamptz not null default now(),
    primary key (tree_size, witness)
);

create trigger checkpoint_append_only before update or delete on checkpoint
    for each row execute function forbid_change();
create trigger checkpoint_no_truncate before truncate on checkpoint
    for each statement execute function forbid_change();
create trigger case_index_entry_append_only before update or delete on case_index_entry
    for each row execute function forbid_change();
create trigger case_index_entry_no_truncate before truncate on case_index_entry
    for each statement execute function forbid_change();
create trigger checkpoint_cosignature_append_only before update or delete on checkpoint_cosignature
    for each row execute function forbid_change();
create trigger checkpoint_cosignature_no_truncate before truncate on checkpoint_cosignature
    for each statement execute function forbid_change();
