-- Leaf version 2 (docs/evidence-log.md §1): each record names the Asterisk that asked (FastAGI peer address), its
-- channel, the version of the case's registry entry the decision used, and whether the call was a probe. Records
-- logged before keep leaf version 1 and no values here. A notice whose start was recorded but whose outcome never
-- was (the node crashed while it played) is stored with outcome 'unknown'.
--
-- Adding columns fires no row trigger: the append-only guard (V2) stays as it is.

alter table evidence_record
    add column leaf_version     smallint not null default 1 check (leaf_version in (1, 2)),
    add column asterisk_host    text,
    add column channel          text,
    add column listing_version  bigint check (listing_version >= 0),
    add column probe            boolean;

alter table evidence_record
    add constraint evidence_record_v2_complete check (leaf_version = 1 or (asterisk_host is not null
        and channel is not null and listing_version is not null and probe is not null));

alter table evidence_record drop constraint evidence_record_outcome_check;
alter table evidence_record add constraint evidence_record_outcome_check
    check (outcome in ('played', 'partial', 'hung_up', 'failed')
        or (outcome = 'unknown' and leaf_version >= 2));
