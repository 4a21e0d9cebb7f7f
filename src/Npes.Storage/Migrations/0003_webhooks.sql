-- Webhooks: one subscription per sender; one delivery row per evidence event, written with the event (outbox).

create table webhook_subscriptions (
    party_id   uuid primary key references parties (id),
    url        text not null,
    secret     bytea not null,
    created_at timestamptz not null
);

create table webhook_deliveries (
    id              uuid primary key,
    party_id        uuid not null references parties (id),
    letter_id       uuid not null references letters (id),
    global_seq      bigint not null,
    payload         bytea not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    last_error      text,
    created_at      timestamptz not null
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where delivered_at is null;
create index webhook_deliveries_party on webhook_deliveries (party_id, created_at desc);
