-- When a token was first presented. The admin token a node makes at its first start is kept in a file for the
-- operator (data.dir/first-admin-token, mode 0600) until this is set, then the file is removed.
alter table api_token add column first_used_at timestamptz;
