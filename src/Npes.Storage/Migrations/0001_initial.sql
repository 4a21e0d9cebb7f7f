-- Parties, mailboxes and login: the foundation schema.

create table parties (
    id              uuid primary key,
    kind            text not null check (kind in ('person', 'organisation')),
    identity_key    text not null unique,
    display_name    text not null,
    personal_number text,
    unp             text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    check ((kind = 'person' and personal_number is not null and unp is null)
        or (kind = 'organisation' and unp is not null and personal_number is null))
);

create table mailboxes (
    id         uuid primary key,
    party_id   uuid not null unique references parties (id),
    created_at timestamptz not null
);

create table mailbox_addresses (
    id         uuid primary key,
    mailbox_id uuid not null references mailboxes (id) on delete cascade,
    position   int not null,
    raw_text   text not null check (length(raw_text) between 1 and 500),
    normalized text not null,
    confirmed  boolean not null default false,
    created_at timestamptz not null,
    unique (mailbox_id, position)
);

create index mailbox_addresses_normalized on mailbox_addresses (normalized);

create table auth_challenges (
    id                     uuid primary key,
    nonce                  bytea not null,
    certificate_thumbprint text not null,
    created_at             timestamptz not null,
    expires_at             timestamptz not null,
    used_at                timestamptz
);

create index auth_challenges_expires_at on auth_challenges (expires_at);

create table sessions (
    token_hash             bytea primary key,
    party_id               uuid not null references parties (id),
    certificate_thumbprint text not null,
    roles                  text[] not null,
    created_at             timestamptz not null,
    expires_at             timestamptz not null
);

create index sessions_expires_at on sessions (expires_at);
