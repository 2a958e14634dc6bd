-- The time zone (IANA) in which the console shows a court's cases and evidence; null: the node's console.time.zone
-- (Asia/Shanghai unless configured otherwise).
alter table court
    add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64);
