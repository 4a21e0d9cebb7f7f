-- Sealed (AES-GCM) content never compresses: store it out of line without trying. PostgreSQL's default for bytea
-- ("extended") runs its compressor over every new value first, only to keep the original.
alter table letter_documents alter column sealed set storage external;
alter table print_pieces alter column pdf_sealed set storage external;
alter table print_batches alter column pdf_sealed set storage external;
