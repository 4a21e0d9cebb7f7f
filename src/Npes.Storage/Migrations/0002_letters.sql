-- Letters, their encrypted documents, receipts, the evidence log, and the paper-leg queue.

-- S10 serials: one sequence, so an id is never issued twice, across restarts and concurrent servers.
create sequence s10_serial as bigint minvalue 1 maxvalue 99999999 no cycle;

create table letters (
    id                          uuid primary key,
    s10                         text not null unique,
    sender_party_id             uuid not null references parties (id),
    kind                        text not null check (kind in ('simple', 'registered')),
    subject                     text not null,
    recipient_name              text not null,
    recipient_address           text not null,
    recipient_unp               text,
    recipient_mailbox_id        uuid references mailboxes (id),
    routing_outcome             text not null,
    routing_reason              text not null,
    status                      text not null,
    manifest                    bytea not null,
    manifest_sha256             bytea not null,
    sender_signature            bytea,
    key_id                      text not null,
    wrapped_key                 bytea not null,
    print_if_not_claimed_days   int,
    accept_window_days          int,
    accept_deadline             timestamptz,
    submitted_at                timestamptz not null,
    read_at                     timestamptz,
    idempotency_key             text,
    request_sha256              bytea,
    unique (sender_party_id, idempotency_key)
);

create index letters_inbox on letters (recipient_mailbox_id, submitted_at desc);
create index letters_sent on letters (sender_party_id, submitted_at desc);
create index letters_deadline on letters (accept_deadline) where status = 'consigned';

create table letter_documents (
    letter_id  uuid not null references letters (id),
    position   int not null,
    name       text not null,
    media_type text not null,
    size       bigint not null,
    sha256     bytea not null,
    sealed     bytea not null,
    primary key (letter_id, position)
);

create table letter_receipts (
    letter_id  uuid not null references letters (id),
    kind       text not null,
    cms        bytea not null,
    created_at timestamptz not null,
    primary key (letter_id, kind)
);

-- Append-only evidence: each event hash-chained to the letter's previous event and to the global log.
create table evidence_events (
    global_seq  bigint primary key,
    letter_id   uuid not null references letters (id),
    letter_seq  int not null,
    type        text not null,
    occurred_at timestamptz not null,
    encoded     bytea not null,
    hash        bytea not null,
    signature   bytea not null,
    unique (letter_id, letter_seq)
);

create table evidence_log_head (
    id         int primary key check (id = 1),
    global_seq bigint not null,
    hash       bytea not null
);

insert into evidence_log_head (id, global_seq, hash) values (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

create function evidence_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'evidence_events is append-only';
end
$$;

create trigger evidence_events_append_only before update or delete on evidence_events
    for each row execute function evidence_events_append_only();

-- The paper leg's inbox: written in the same transaction as the routing decision.
create table paper_queue (
    letter_id   uuid primary key references letters (id),
    reason      text not null,
    enqueued_at timestamptz not null,
    state       text not null default 'pending'
);
