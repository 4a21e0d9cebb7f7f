-- Durable jobs move to Hangfire (its tables are installed in the "hangfire" schema by the migrator, after these
-- migrations). Quartz's job store goes; NPES' own tables stay the truth.
drop table if exists qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state, qrtz_locks, qrtz_simple_triggers,
    qrtz_simprop_triggers, qrtz_cron_triggers, qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_calendars cascade;

-- A job carries an id only and may be lost with a node that dies: the sweeper enqueues again what it enqueued
-- longer ago than a lease without the work being done. These columns say when a job was last enqueued.
alter table print_pieces add column render_enqueued_at timestamptz;
alter table print_batches add column build_enqueued_at timestamptz;
