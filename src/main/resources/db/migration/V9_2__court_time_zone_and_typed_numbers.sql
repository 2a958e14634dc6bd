-- The time zone (IANA) in which the console shows a court's cases and evidence; null: the node's console.time.zone
-- (Asia/Shanghai unless configured otherwise).
alter table court
    add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64);

-- A listed number as the court typed it (e.g. '010-8888 6666'), beside its E.164 form: personal data like the number,
-- shown only where the number is. Null for numbers listed before.
alter table listed_number
    add column typed text check (typed is null or length(typed) between 1 and 40);
