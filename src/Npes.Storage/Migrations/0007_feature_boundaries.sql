-- Features meet through explicit rows, not through each other's tables.

-- The paper leg's outbox row carries the S10 id, so turning it into a print piece reads nothing of the letter.
alter table paper_queue add column s10 text;
update paper_queue q set s10 = l.s10 from letters l where l.id = q.letter_id;
alter table paper_queue alter column s10 set not null;

-- A print piece's file is sealed under a content key of the piece's own (pieces sealed before this migration keep
-- their letter's key: key_id is null for them).
alter table print_pieces add column key_id text, add column wrapped_key bytea;
