-- Notifications: the recipients' contact points (e-mail, mobile), confirmed by one-time codes, and the outbox of
-- notices written with the evidence event that brings a letter into a mailbox.

create table mailbox_contacts (
    id               uuid primary key,
    mailbox_id       uuid not null references mailboxes (id) on delete cascade,
    channel          text not null check (channel in ('email', 'sms')),
    address          text not null,
    language         text not null check (language in ('ru', 'be', 'en')),
    notify           boolean not null default true,
    verified_at      timestamptz,
    code_sha256      bytea,
    code_expires_at  timestamptz,
    code_attempts    int not null default 0,
    codes_sent       int not null default 0,
    code_sent_at     timestamptz,
    created_at       timestamptz not null,
    unique (mailbox_id, channel, address)
);

create index mailbox_contacts_mailbox on mailbox_contacts (mailbox_id);

-- One notice to one contact point. A notice is tried until sent, or given up (failed), or made pointless by the
-- letter being opened, signed for, refused or gone (cancelled). Claims set next_attempt_at ahead (a lease).
create table notices (
    id               uuid primary key,
    letter_id        uuid not null references letters (id),
    contact_id       uuid references mailbox_contacts (id) on delete set null,
    kind             text not null check (kind in ('arrival', 'reminder', 'deadline')),
    state            text not null default 'pending' check (state in ('pending', 'sent', 'failed', 'cancelled')),
    due_at           timestamptz not null,
    next_attempt_at  timestamptz not null,
    attempts         int not null default 0,
    last_error       text,
    channel          text,
    destination      text,
    message_id       text,
    finished_at      timestamptz,
    created_at       timestamptz not null,
    unique (letter_id, contact_id, kind)
);

create index notices_due on notices (next_attempt_at) where state = 'pending';
create index notices_letter on notices (letter_id);
