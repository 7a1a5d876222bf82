// Plain PostgreSQL, so the same migration runs on PGlite and on a shared PostgreSQL server.
export const sql = `
create table companies (
  id serial primary key,
  name text not null,
  key_prefix text not null default 'msk',
  token_hash text not null unique,
  created_at timestamptz not null
);

-- A location is a store player, and its user_id the Musique user the docs map an external ID to.
create table locations (
  user_id serial primary key,
  company_id int not null references companies (id),
  external_id text not null,
  name text not null,
  unique (company_id, external_id)
);
alter sequence locations_user_id_seq restart with 4301;

create table api_keys (
  id serial primary key,
  company_id int not null references companies (id),
  user_id int not null references locations (user_id),
  key_hash text not null unique,
  permissions text[] not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);

create table audio (
  seq serial primary key,
  id text not null unique,
  company_id int not null references companies (id),
  name text not null,
  description text,
  category text,
  format text not null,
  duration double precision not null,
  size int not null,
  file_name text not null,
  created_at timestamptz not null,
  deleted_at timestamptz
);
create index audio_by_company on audio (company_id, seq desc);

create table sends (
  seq serial primary key,
  id text not null unique,
  company_id int not null references companies (id),
  audio_id text not null references audio (id),
  priority text not null,
  repeat int not null,
  volume int not null,
  schedule_at timestamptz,
  scheduled boolean not null,
  status text not null,
  created_at timestamptz not null
);
create index sends_due on sends (schedule_at) where status = 'scheduled';

-- One row per destination of a send, and also the item in that store's player.
create table deliveries (
  id serial primary key,
  send_id text not null references sends (id),
  user_id int not null references locations (user_id),
  position int not null,
  status text not null,
  delivered_at timestamptz,
  play_state text not null,
  rank int,
  started_at timestamptz,
  finished_at timestamptz
);
create index deliveries_by_player on deliveries (user_id, play_state);
create index deliveries_by_send on deliveries (send_id);

create table rate_counters (
  key_id int not null,
  window_name text not null,
  window_start timestamptz not null,
  count int not null,
  primary key (key_id, window_name, window_start)
);

create table usage_logs (
  id serial primary key,
  company_id int,
  key_id int,
  request_id text not null,
  method text not null,
  path text not null,
  status int not null,
  duration_ms double precision not null,
  created_at timestamptz not null
);
create index usage_logs_by_company on usage_logs (company_id, id desc);

create table idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  status int,
  body text,
  created_at timestamptz not null,
  primary key (scope, key)
);

create table webhooks (
  id text primary key,
  company_id int not null references companies (id),
  url text not null,
  events text[] not null,
  secret text not null,
  created_at timestamptz not null,
  deleted_at timestamptz
);

create table webhook_deliveries (
  id serial primary key,
  webhook_id text not null references webhooks (id),
  event_id text not null,
  body text not null,
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  status text not null,
  last_error text,
  delivered_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table settings (
  name text primary key,
  value text not null
);
`;
