-- An office document (doc, docx, xls, xlsx, odt, ods) is kept as the sender sent it — what the recipient gets and the
-- manifest names — and beside it its PDF rendition, converted in the isolated document worker: what the paper leg
-- prints and what the web pages offer as PDF. The rendition is sealed with the letter's key like the original.
alter table letter_documents
    add column rendition_media_type text,
    add column rendition_size       bigint,
    add column rendition_sha256     bytea,
    add column rendition_sealed     bytea,
    add constraint letter_documents_rendition_whole check (
        (rendition_media_type is null) = (rendition_size is null)
        and (rendition_media_type is null) = (rendition_sha256 is null)
        and (rendition_media_type is null) = (rendition_sealed is null));

alter table letter_documents alter column rendition_sealed set storage external;
