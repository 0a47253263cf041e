import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meeting prep's read models (prep campaigns, calendar connections and their watch channels,
 * meetings and prospects, research runs, briefs and sources) and two tables that are not read
 * models: the encrypted refresh tokens (kept out of the immutable event log so a key can be
 * rotated and a token erased) and the 24 h company research cache.
 */
export class CreateMeetingPrepViews1733300000000 implements MigrationInterface {
  name = 'CreateMeetingPrepViews1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.prep_campaigns (
        campaign_id text PRIMARY KEY, name text NOT NULL, offering text NOT NULL, target_customer text NOT NULL,
        pain_points jsonb NOT NULL, own_domains jsonb NOT NULL, owner_email text NOT NULL, created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.oauth_states (
        state text PRIMARY KEY, campaign_id text NOT NULL, calendar_id text NOT NULL, expires_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.calendar_connections (
        connection_id text PRIMARY KEY, campaign_id text NOT NULL, calendar_id text NOT NULL, owner_email text NOT NULL,
        status text NOT NULL, status_reason text, sync_token text, syncs int NOT NULL DEFAULT 0, full_resyncs int NOT NULL DEFAULT 0,
        last_synced_at timestamptz, created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.connection_secrets (
        connection_id text PRIMARY KEY, key_id text NOT NULL, refresh_token_sealed text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ${s}.watch_subscriptions (
        channel_id text PRIMARY KEY, connection_id text NOT NULL, channel_token text NOT NULL, resource_id text,
        status text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'STOPPED', 'EXPIRED')), expires_at timestamptz, created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX watch_subscriptions_expiring ON ${s}.watch_subscriptions (expires_at) WHERE status = 'ACTIVE'`);
    await runner.query(`
      CREATE TABLE ${s}.meetings (
        meeting_id text PRIMARY KEY, campaign_id text NOT NULL, connection_id text NOT NULL, external_event_id text NOT NULL,
        title text NOT NULL, starts_at timestamptz NOT NULL, ends_at timestamptz, attendees jsonb NOT NULL, status text NOT NULL,
        research_id text, research_status text, UNIQUE (connection_id, external_event_id)
      )`);
    await runner.query(`CREATE INDEX meetings_by_campaign ON ${s}.meetings (campaign_id, starts_at)`);
    await runner.query(`
      CREATE TABLE ${s}.meeting_prospects (
        meeting_id text NOT NULL, email text NOT NULL, name text, company_domain text NOT NULL, PRIMARY KEY (meeting_id, email)
      )`);
    await runner.query(`
      CREATE TABLE ${s}.research_runs (
        research_id text PRIMARY KEY, campaign_id text NOT NULL, meeting_id text, prospects jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'generating', 'ready', 'failed', 'canceled')),
        failed_step text, failure_reason text, brief_id text, requested_at timestamptz NOT NULL, updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE TABLE ${s}.prospects_researched (email text PRIMARY KEY, researched_at timestamptz NOT NULL)`);
    await runner.query(`
      CREATE TABLE ${s}.briefs (
        brief_id text PRIMARY KEY, research_id text NOT NULL UNIQUE, meeting_id text, content jsonb NOT NULL, cached_companies jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.brief_sources (brief_id text NOT NULL, url text NOT NULL, about text NOT NULL, PRIMARY KEY (brief_id, url, about))`);
    await runner.query(`
      CREATE TABLE ${s}.company_research (
        domain text PRIMARY KEY, answer text NOT NULL, citations jsonb NOT NULL, researched_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    for (const table of ['company_research', 'brief_sources', 'briefs', 'prospects_researched', 'research_runs', 'meeting_prospects', 'meetings', 'watch_subscriptions', 'connection_secrets', 'calendar_connections', 'oauth_states', 'prep_campaigns']) {
      await runner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
