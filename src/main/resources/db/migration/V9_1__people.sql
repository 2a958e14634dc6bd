-- People who use the web console: named accounts an admin makes, each with a role and (for a court clerk) a court,
-- as tokens have. The password is kept only as an Argon2id hash (its parameters inside the hash string). The TOTP
-- secret must be usable to compute codes, so it is kept sealed (AES-GCM) with a key that lives only in each node's
-- data.dir/keys, never in the database. A person is never deleted: disabling keeps the history's names meaningful.
create table person (
    id              bigint generated always as identity primary key,
    username        text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name    text not null check (length(display_name) between 1 and 200),
    role            text not null check (role in ('admin', 'court', 'auditor')),
    court_id        bigint references court (id),
    password_hash   text not null check (password_hash like '$argon2id$%'),
    totp_sealed     bytea not null,
    -- the 30-second step of the last code accepted: a code is good once (RFC 6238, section 5.2)
    totp_last_step  bigint not null default 0,
    created_at      timestamptz not null default now(),
    created_by      text not null,
    disabled_at     timestamptz,
    check ((role = 'court') = (court_id is not null))
);
