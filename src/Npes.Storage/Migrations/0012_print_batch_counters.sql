-- Batch numbers without gaps, counted per day and envelope. A sequence hands out numbers outside transactions (and
-- pre-logs them, so a crash skips some): a print shop reading 20261206-C5-00003 after -00001 asks where -00002 went.
-- The counter row is updated in the transaction that creates the batch and stays locked until it ends, so a number
-- is used exactly when the batch that carries it commits.

create table print_batch_counters (
    day      date not null,
    envelope text not null,
    last     int not null check (last >= 0),
    primary key (day, envelope)
);

-- Continue above every number already handed out for a day and envelope (earlier numbers came from one sequence).
insert into print_batch_counters (day, envelope, last)
select day, envelope, max((regexp_match(number, '(\d+)$'))[1]::int)
from print_batches
group by day, envelope;

drop sequence print_batch_serial;
