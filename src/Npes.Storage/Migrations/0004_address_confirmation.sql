-- Mailbox address confirmation by a one-time code sent on paper, and the version of the mailbox directory.

alter table mailbox_addresses
    add column confirmation_code_sha256 bytea,
    add column confirmation_letter_id   uuid references letters (id),
    add column confirmation_attempts    int not null default 0,
    add column confirmed_at             timestamptz;

-- Bumped by every change that alters which mailbox an address reaches; resolvers rebuild their index when it moves.
create table mailbox_directory_version (
    id      int primary key check (id = 1),
    version bigint not null
);

insert into mailbox_directory_version (id, version) values (1, 0);
