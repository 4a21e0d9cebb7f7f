-- Identity and sessions.
--
-- Login challenges record the origin (the NPES server's public origin) their statement names: the signed bytes are
-- rebuilt from the row, so a signature made for another server's challenge never verifies here.
alter table auth_challenges add column origin text not null default '';
alter table auth_challenges alter column origin drop default;

-- A party's natural key names the identifier kind and the identity policy (the trust anchors allowed to assert it):
-- person:by-personal-number:national:3140582A001PB1. Parties known before are those of the national policy; the
-- operator's own system party uses the reserved policy 'system', which no certificate can log into.
update parties set identity_key = case kind
        when 'person' then 'person:by-personal-number:national:' || substr(identity_key, length('person:') + 1)
        else 'organisation:by-unp:national:' || substr(identity_key, length('organisation:') + 1)
    end
where identity_key not like '%:%:%:%';

-- Pending mobile EDS signings, shared by every node: any node answers a poll. The poll secret is known only to the
-- client that started the request; only its SHA-256 is stored.
create table mobile_signings (
    id                  text primary key,
    purpose             text not null check (purpose in ('login', 'handover')),
    service_request_id  text not null,
    phone               text not null,
    client_secret_hash  bytea not null,
    code                text not null,
    challenge_id        uuid,
    party_id            uuid,
    letter_id           uuid,
    statement           text,
    created_at          timestamptz not null,
    expires_at          timestamptz not null,
    check ((purpose = 'login') = (challenge_id is not null)),
    check ((purpose = 'handover') = (party_id is not null and letter_id is not null and statement is not null))
);

create index mobile_signings_expires_at on mobile_signings (expires_at);
create index mobile_signings_phone on mobile_signings (phone, created_at);

-- Fixed-window counters of the rate limits on anonymous and cheap writes (per IP, per phone, per party), shared by
-- every node. A row per bucket and window; expired windows are purged.
create table rate_limit_windows (
    bucket       text not null,
    window_start timestamptz not null,
    hits         integer not null,
    expires_at   timestamptz not null,
    primary key (bucket, window_start)
);

create index rate_limit_windows_expires_at on rate_limit_windows (expires_at);

-- ASP.NET Core data-protection keys (they protect the session and antiforgery cookies), shared by every node.
create table data_protection_keys (
    id           bigint generated always as identity primary key,
    friendly_name text not null unique,
    xml          text not null,
    created_at   timestamptz not null default now()
);
