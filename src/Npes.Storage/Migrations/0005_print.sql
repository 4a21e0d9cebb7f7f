-- The paper leg: print pieces and batches (NPES' own truth), and the tables of Quartz.NET's ADO job store.

-- A batch: pieces of one day and one envelope format, presorted by postcode when it closes.
create table print_batches (
    id               uuid primary key,
    number           text not null unique,
    day              date not null,
    envelope         text not null,
    state            text not null check (state in ('open', 'closed', 'ready', 'printed', 'dispatched')),
    piece_count      int not null default 0,
    sheet_count      int not null default 0,
    page_count       int,
    opened_at        timestamptz not null,
    closed_at        timestamptz,
    ready_at         timestamptz,
    printed_at       timestamptz,
    dispatched_at    timestamptz,
    build_attempts   int not null default 0,
    last_error       text,
    key_id           text,
    wrapped_key      bytea,
    pdf_sealed       bytea,
    pdf_sha256       bytea,
    manifest_json    bytea,
    manifest_csv     bytea,
    files_deleted_at timestamptz
);

-- At most one open batch per day and envelope: every rendered piece joins exactly that one.
create unique index print_batches_one_open on print_batches (day, envelope) where state = 'open';
create index print_batches_state on print_batches (state);
create sequence print_batch_serial;

-- A letter on its way to paper. The piece's print file is sealed with the letter's own key.
create table print_pieces (
    letter_id       uuid primary key references letters (id),
    s10             text not null unique,
    state           text not null check (state in ('pending', 'batched', 'needs_attention', 'printed', 'dispatched', 'delivered', 'returned')),
    reason          text not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    postcode        text,
    pages           int,
    sheets          int,
    envelope        text,
    pdf_sealed      bytea,
    pdf_sha256      bytea,
    rendered_at     timestamptz,
    rendered_by     text,
    batch_id        uuid references print_batches (id),
    batch_position  int,
    outcome         text,
    outcome_at      timestamptz,
    created_at      timestamptz not null,
    -- A piece sits in one batch, once: one batch column, and one position in it.
    unique (batch_id, batch_position),
    check ((state = 'pending' or state = 'needs_attention') = (batch_id is null))
);

create index print_pieces_due on print_pieces (next_attempt_at) where state = 'pending';
create index print_pieces_batch on print_pieces (batch_id);

-- Quartz.NET ADO job store (PostgreSQL delegate), table prefix qrtz_. Quartz owns these rows.
create table qrtz_job_details (
    sched_name        text not null,
    job_name          text not null,
    job_group         text not null,
    description       text null,
    job_class_name    text not null,
    is_durable        bool not null,
    is_nonconcurrent  bool not null,
    is_update_data    bool not null,
    requests_recovery bool not null,
    job_data          bytea null,
    primary key (sched_name, job_name, job_group)
);

create table qrtz_triggers (
    sched_name             text not null,
    trigger_name           text not null,
    trigger_group          text not null,
    job_name               text not null,
    job_group              text not null,
    description            text null,
    next_fire_time         bigint null,
    prev_fire_time         bigint null,
    priority               integer null,
    trigger_state          text not null,
    trigger_type           text not null,
    start_time             bigint not null,
    end_time               bigint null,
    calendar_name          text null,
    misfire_instr          smallint null,
    misfire_orig_fire_time bigint null,
    execution_group        varchar(200) null,
    preferred_node         varchar(200) null,
    preferred_node_auto    bool not null default false,
    job_data               bytea null,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, job_name, job_group) references qrtz_job_details (sched_name, job_name, job_group)
);

create table qrtz_simple_triggers (
    sched_name      text not null,
    trigger_name    text not null,
    trigger_group   text not null,
    repeat_count    bigint not null,
    repeat_interval bigint not null,
    times_triggered bigint not null,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table qrtz_simprop_triggers (
    sched_name    text not null,
    trigger_name  text not null,
    trigger_group text not null,
    str_prop_1    text null,
    str_prop_2    text null,
    str_prop_3    text null,
    int_prop_1    integer null,
    int_prop_2    integer null,
    long_prop_1   bigint null,
    long_prop_2   bigint null,
    dec_prop_1    numeric null,
    dec_prop_2    numeric null,
    bool_prop_1   bool null,
    bool_prop_2   bool null,
    time_zone_id  text null,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table qrtz_cron_triggers (
    sched_name      text not null,
    trigger_name    text not null,
    trigger_group   text not null,
    cron_expression text not null,
    time_zone_id    text,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table qrtz_blob_triggers (
    sched_name    text not null,
    trigger_name  text not null,
    trigger_group text not null,
    blob_data     bytea null,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group) references qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table qrtz_calendars (
    sched_name    text not null,
    calendar_name text not null,
    calendar      bytea not null,
    primary key (sched_name, calendar_name)
);

create table qrtz_paused_trigger_grps (
    sched_name    text not null,
    trigger_group text not null,
    primary key (sched_name, trigger_group)
);

create table qrtz_fired_triggers (
    sched_name        text not null,
    entry_id          text not null,
    trigger_name      text not null,
    trigger_group     text not null,
    instance_name     text not null,
    fired_time        bigint not null,
    sched_time        bigint not null,
    priority          integer not null,
    state             text not null,
    job_name          text null,
    job_group         text null,
    is_nonconcurrent  bool not null,
    requests_recovery bool null,
    execution_group   varchar(200) null,
    primary key (sched_name, entry_id)
);

create table qrtz_scheduler_state (
    sched_name        text not null,
    instance_name     text not null,
    last_checkin_time bigint not null,
    checkin_interval  bigint not null,
    primary key (sched_name, instance_name)
);

create table qrtz_locks (
    sched_name text not null,
    lock_name  text not null,
    primary key (sched_name, lock_name)
);

create index idx_qrtz_j_req_recovery on qrtz_job_details (sched_name, requests_recovery);
create index idx_qrtz_j_g_n on qrtz_job_details (sched_name, job_group, job_name);
create index idx_qrtz_t_next_fire_time on qrtz_triggers (sched_name, next_fire_time);
create index idx_qrtz_t_state on qrtz_triggers (sched_name, trigger_state);
create index idx_qrtz_t_nft_st on qrtz_triggers (sched_name, trigger_state, next_fire_time);
create index idx_qrtz_t_g_n on qrtz_triggers (sched_name, trigger_group, trigger_name);
create index idx_qrtz_ft_trig_nm_gp on qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
create index idx_qrtz_ft_trig_inst_name on qrtz_fired_triggers (sched_name, instance_name);
create index idx_qrtz_ft_job_req_recovery on qrtz_fired_triggers (requests_recovery);
