-- The recipient directory's change log. Every change to what the directory is built from -- a confirmed address
-- joining, changing or leaving, an owner's name, kind or УНП changing -- is one row, written by the triggers below in
-- the transaction of the change itself, whoever makes it. Each row takes the next mailbox_directory_version: the
-- version row stays locked until the transaction ends, so versions are handed out in commit order, without gaps, and a
-- server that has applied version N needs exactly the rows after N. pg_notify tells the servers (on commit only).
--
-- An 'added' row carries the entry as it now is and replaces any earlier entry of that address; a 'removed' row
-- takes the address out. Servers never answer from a directory older than the version they read, so an address that
-- leaves the directory reaches no mailbox from the moment the change commits.

create table mailbox_directory_changes (
    version    bigint primary key,
    change     text not null check (change in ('added', 'removed')),
    address_id uuid not null,
    mailbox_id uuid not null,
    kind       text check (kind in ('person', 'organisation')),
    name       text,
    address    text,
    unp        text,
    changed_at timestamptz not null default now(),
    check ((change = 'added') = (kind is not null and name is not null and address is not null))
);

create function mailbox_directory_log(p_change text, p_address_id uuid, p_mailbox_id uuid, p_kind text, p_name text, p_address text, p_unp text)
returns void language plpgsql as $$
declare
    next_version bigint;
begin
    update mailbox_directory_version set version = version + 1 where id = 1 returning version into next_version;
    insert into mailbox_directory_changes (version, change, address_id, mailbox_id, kind, name, address, unp)
    values (next_version, p_change, p_address_id, p_mailbox_id, p_kind, p_name, p_address, p_unp);
    perform pg_notify('npes_mailbox_directory', next_version::text);
end;
$$;

-- Addresses: confirmed ones are in the directory.
create function mailbox_addresses_directory_log() returns trigger language plpgsql as $$
declare
    owner record;
begin
    if tg_op in ('INSERT', 'UPDATE') and new.confirmed
        and (tg_op = 'INSERT' or not old.confirmed or new.raw_text is distinct from old.raw_text or new.mailbox_id <> old.mailbox_id) then
        if tg_op = 'UPDATE' and old.confirmed and new.mailbox_id <> old.mailbox_id then
            perform mailbox_directory_log('removed', old.id, old.mailbox_id, null, null, null, null);
        end if;
        select p.kind, p.display_name, p.unp into owner from mailboxes m join parties p on p.id = m.party_id where m.id = new.mailbox_id;
        perform mailbox_directory_log('added', new.id, new.mailbox_id, owner.kind, owner.display_name, new.raw_text, owner.unp);
    elsif tg_op in ('UPDATE', 'DELETE') and old.confirmed and (tg_op = 'DELETE' or not new.confirmed) then
        perform mailbox_directory_log('removed', old.id, old.mailbox_id, null, null, null, null);
    end if;
    return null;
end;
$$;

create trigger mailbox_addresses_directory_log
    after insert or update or delete on mailbox_addresses
    for each row execute function mailbox_addresses_directory_log();

-- Owners: a new name, kind or УНП replaces the entries of every confirmed address of their mailbox.
create function parties_directory_log() returns trigger language plpgsql as $$
declare
    address record;
begin
    if new.display_name is distinct from old.display_name or new.kind is distinct from old.kind or new.unp is distinct from old.unp then
        for address in
            select a.id, a.mailbox_id, a.raw_text from mailbox_addresses a join mailboxes m on m.id = a.mailbox_id
            where m.party_id = new.id and a.confirmed order by a.position
        loop
            perform mailbox_directory_log('added', address.id, address.mailbox_id, new.kind, new.display_name, address.raw_text, new.unp);
        end loop;
    end if;
    return null;
end;
$$;

create trigger parties_directory_log
    after update on parties
    for each row execute function parties_directory_log();
