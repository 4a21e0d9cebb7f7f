-- Fair webhooks and bounded paper costs.
--
-- Webhooks: the dispatcher claims subscribers, not rows. A subscriber carries its own backoff, a lease (one delivery
-- at a time per subscriber) and, after failing long enough, a disabled state the sender sees in the API. Deleting a
-- subscription cancels its pending deliveries; deliveries that are delivered, cancelled or given up leave the due index.

alter table webhook_subscriptions
    add column consecutive_failures int not null default 0,
    add column failing_since        timestamptz,
    add column next_attempt_at      timestamptz not null default '-infinity',
    add column lease_until          timestamptz not null default '-infinity',
    add column disabled_at          timestamptz,
    add column disabled_reason      text;

alter table webhook_deliveries
    add column cancelled_at timestamptz,
    add column given_up_at  timestamptz;

-- Rows of subscriptions deleted before this change can never be delivered: cancel them.
update webhook_deliveries d set cancelled_at = now()
where d.delivered_at is null and not exists (select 1 from webhook_subscriptions s where s.party_id = d.party_id);

drop index webhook_deliveries_due;
create index webhook_deliveries_open on webhook_deliveries (party_id, next_attempt_at, global_seq)
    where delivered_at is null and cancelled_at is null and given_up_at is null;
create index webhook_subscriptions_ready on webhook_subscriptions (next_attempt_at) where disabled_at is null;

-- Confirmation codes: every code sent on paper, so that resends are limited per address and per mailbox per period.
-- The wrong-attempt counter of an address is no longer reset by a new code; it runs in a window of its own.
create table address_confirmation_codes (
    id         uuid primary key,
    address_id uuid not null references mailbox_addresses (id),
    mailbox_id uuid not null references mailboxes (id),
    resend     boolean not null,
    letter_id  uuid references letters (id),
    sent_at    timestamptz not null
);

create index address_confirmation_codes_address on address_confirmation_codes (address_id, sent_at) where resend;
create index address_confirmation_codes_mailbox on address_confirmation_codes (mailbox_id, sent_at) where resend;

alter table mailbox_addresses
    add column confirmation_attempts_since timestamptz;
