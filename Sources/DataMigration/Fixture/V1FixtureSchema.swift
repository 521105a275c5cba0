/// The v1 (Supabase-era) database as SCHEMA.md §1–3 describes it, written for this project from that description:
/// the effective public schema of the 26 applied files plus the deleted 00019 (organisations), the
/// production-only tables of §1.4, and a stand-in for the parts of Supabase's `auth` schema the data touches.
///
/// Supabase's `auth.sessions`, `auth.refresh_tokens` (dropped on purpose) and `storage.buckets`/`storage.objects`
/// (archived) are stood in for with the columns the migration reads.
///
/// Left out on purpose, because the migration never reads them: RLS policies, storage functions, triggers
/// (they would rewrite the generator's timestamps) and secondary indexes other than the unique ones.
/// `vector(1536)` is stood in for by `real[]` (the extension is not on a plain Postgres).
enum V1FixtureSchema {
    static let statements: [String] = [
        "CREATE SCHEMA auth",
        """
        CREATE TABLE auth.users (
          id uuid PRIMARY KEY, email varchar(255), encrypted_password varchar(255),
          email_confirmed_at timestamptz, raw_user_meta_data jsonb, raw_app_meta_data jsonb,
          created_at timestamptz, updated_at timestamptz, last_sign_in_at timestamptz,
          banned_until timestamptz, deleted_at timestamptz, is_anonymous boolean NOT NULL DEFAULT false,
          is_sso_user boolean NOT NULL DEFAULT false, phone text)
        """,
        """
        CREATE TABLE auth.identities (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), provider text NOT NULL, provider_id text NOT NULL,
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE, identity_data jsonb NOT NULL,
          created_at timestamptz, updated_at timestamptz, UNIQUE (provider_id, provider))
        """,
        """
        CREATE TABLE auth.sessions (
          id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
          created_at timestamptz, updated_at timestamptz, user_agent text, ip inet)
        """,
        """
        CREATE TABLE auth.refresh_tokens (
          id bigserial PRIMARY KEY, token varchar(255), user_id varchar(255), revoked boolean,
          created_at timestamptz, updated_at timestamptz, parent varchar(255), session_id uuid)
        """,
        "CREATE SCHEMA storage",
        """
        CREATE TABLE storage.buckets (
          id text PRIMARY KEY, name text NOT NULL UNIQUE, owner uuid, created_at timestamptz DEFAULT now(),
          updated_at timestamptz DEFAULT now(), public boolean DEFAULT false)
        """,
        """
        CREATE TABLE storage.objects (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), bucket_id text REFERENCES storage.buckets(id), name text,
          owner uuid, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          last_accessed_at timestamptz DEFAULT now(), metadata jsonb, UNIQUE (bucket_id, name))
        """,
        """
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$
        """,
        "CREATE TYPE agent_request_type AS ENUM ('start', 'review', 'help', 'continue')",
        "CREATE TYPE decision_urgency AS ENUM ('blocking', 'can_continue', 'informational')",
        "CREATE TYPE decision_status AS ENUM ('pending', 'decided', 'expired', 'cancelled')",
        """
        CREATE TABLE schema_migrations (
          id serial PRIMARY KEY, version varchar(255) NOT NULL UNIQUE, applied_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE users (
          id uuid PRIMARY KEY, email text NOT NULL UNIQUE, name text,
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          organization text, avatar_url text, github_id varchar(255) CONSTRAINT unique_github_id UNIQUE,
          github_username varchar(255), github_avatar_url text, github_profile_url text,
          capability_tags text[] DEFAULT '{}',
          webhook_url text, webhook_events text[] DEFAULT '{task.blocked,task.assigned}',
          webhook_enabled boolean DEFAULT false)
        """,
        """
        CREATE TABLE knowledge_stores (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          scope text NOT NULL CHECK (scope IN ('organization', 'goal', 'plan')), scope_id uuid NOT NULL,
          storage_mode text NOT NULL DEFAULT 'database' CHECK (storage_mode IN ('database', 'external')),
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(), UNIQUE (scope, scope_id))
        """,
        """
        CREATE TABLE organizations (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, slug text NOT NULL UNIQUE,
          description text, is_personal boolean DEFAULT false, avatar_url text,
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          knowledge_store_id uuid REFERENCES knowledge_stores(id) ON DELETE SET NULL)
        """,
        """
        CREATE TABLE organization_members (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
          joined_at timestamptz DEFAULT now(), UNIQUE (organization_id, user_id))
        """,
        """
        CREATE TABLE plans (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, description text,
          owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          status text NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'archived')),
          metadata jsonb DEFAULT '{}', is_public boolean NOT NULL DEFAULT false,
          github_repo_owner text, github_repo_name text, view_count integer NOT NULL DEFAULT 0,
          last_viewed_at timestamptz,
          visibility varchar(20) NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'public')),
          github_repo_url text, github_repo_full_name varchar(512),
          organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
          knowledge_store_id uuid REFERENCES knowledge_stores(id) ON DELETE SET NULL)
        """,
        """
        CREATE TABLE plan_nodes (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          parent_id uuid REFERENCES plan_nodes(id) ON DELETE CASCADE,
          node_type text NOT NULL CHECK (node_type IN ('root', 'phase', 'task', 'milestone')),
          title text NOT NULL, description text,
          status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'blocked')),
          order_index integer NOT NULL DEFAULT 0, due_date timestamptz,
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          context text, agent_instructions text, metadata jsonb DEFAULT '{}',
          agent_requested agent_request_type, agent_requested_at timestamptz,
          agent_requested_by uuid REFERENCES auth.users(id), agent_request_message text,
          assigned_agent_id uuid REFERENCES users(id) ON DELETE SET NULL, assigned_agent_at timestamptz,
          assigned_agent_by uuid REFERENCES users(id) ON DELETE SET NULL)
        """,
        """
        CREATE TABLE plan_collaborators (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          role text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')), created_at timestamptz DEFAULT now(),
          UNIQUE (plan_id, user_id))
        """,
        """
        CREATE TABLE plan_comments (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, content text NOT NULL,
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
          comment_type text NOT NULL DEFAULT 'human' CHECK (comment_type IN ('human', 'agent', 'system')))
        """,
        """
        CREATE TABLE plan_node_labels (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE, label text NOT NULL)
        """,
        """
        CREATE TABLE plan_node_logs (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, content text NOT NULL,
          log_type text NOT NULL CHECK (log_type IN ('progress', 'reasoning', 'challenge', 'decision')),
          created_at timestamptz DEFAULT now(), metadata jsonb DEFAULT '{}', tags text[] DEFAULT '{}')
        """,
        """
        CREATE TABLE api_tokens (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, name text NOT NULL,
          token_hash text NOT NULL, permissions text[] DEFAULT '{read}', created_at timestamptz DEFAULT now(),
          last_used timestamptz, revoked boolean NOT NULL DEFAULT false)
        """,
        "CREATE INDEX api_tokens_token_hash_idx ON api_tokens (token_hash)",
        """
        CREATE TABLE pending_invites (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE, email text NOT NULL,
          role text NOT NULL DEFAULT 'viewer' CHECK (role IN ('viewer', 'editor', 'admin')),
          invited_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, token uuid DEFAULT gen_random_uuid(),
          created_at timestamptz DEFAULT now(), expires_at timestamptz DEFAULT now() + interval '7 days',
          UNIQUE (plan_id, email))
        """,
        """
        CREATE TABLE goals (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
          title text NOT NULL, description text, success_metrics jsonb DEFAULT '[]', time_horizon text,
          status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'at_risk', 'abandoned')),
          github_repo_url text, knowledge_store_id uuid REFERENCES knowledge_stores(id) ON DELETE SET NULL,
          created_by uuid NOT NULL REFERENCES users(id),
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE plan_goals (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          goal_id uuid NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
          linked_at timestamptz DEFAULT now(), linked_by uuid REFERENCES users(id), UNIQUE (plan_id, goal_id))
        """,
        """
        CREATE TABLE decision_requests (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          node_id uuid REFERENCES plan_nodes(id) ON DELETE SET NULL,
          requested_by_user_id uuid NOT NULL REFERENCES auth.users(id), requested_by_agent_name text,
          title text NOT NULL, context text NOT NULL, options jsonb DEFAULT '[]',
          urgency decision_urgency NOT NULL DEFAULT 'can_continue', expires_at timestamptz,
          status decision_status NOT NULL DEFAULT 'pending', decided_by_user_id uuid REFERENCES auth.users(id),
          decision text, rationale text, decided_at timestamptz, metadata jsonb DEFAULT '{}',
          created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE node_assignments (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
          assigned_by uuid NOT NULL REFERENCES auth.users(id), assigned_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (node_id, user_id))
        """,
        """
        CREATE TABLE user_presence (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          node_id uuid REFERENCES plan_nodes(id) ON DELETE SET NULL,
          status varchar(50) DEFAULT 'active' CHECK (status IN ('active', 'idle', 'away')),
          last_seen timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, plan_id))
        """,
        """
        CREATE TABLE audit_logs (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid REFERENCES auth.users(id),
          action varchar(100) NOT NULL, resource_type varchar(50) NOT NULL, resource_id uuid NOT NULL,
          details jsonb, created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE handoffs (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE,
          from_agent_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          to_agent_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'completed')),
          context text, reason text, notes text, metadata jsonb DEFAULT '{}',
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(), resolved_at timestamptz)
        """,
        """
        CREATE TABLE agent_heartbeats (
          user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
          last_seen_at timestamptz NOT NULL DEFAULT now(),
          status text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'active', 'idle', 'offline')),
          current_plan_id uuid REFERENCES plans(id) ON DELETE SET NULL,
          current_task_id uuid REFERENCES plan_nodes(id) ON DELETE SET NULL, metadata jsonb DEFAULT '{}')
        """,
        """
        CREATE TABLE slack_integrations (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
          team_id text NOT NULL, team_name text NOT NULL, bot_token text NOT NULL, channel_id text, channel_name text,
          installed_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
          is_active boolean NOT NULL DEFAULT true, UNIQUE (user_id, team_id))
        """,
        """
        CREATE TABLE password_reset_tokens (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE, token text NOT NULL UNIQUE,
          expires_at timestamptz NOT NULL, used boolean DEFAULT false, created_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE email_verification_tokens (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE, token text NOT NULL UNIQUE,
          email text NOT NULL, expires_at timestamptz NOT NULL, verified boolean DEFAULT false,
          created_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE user_sessions (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE, ip_address inet, user_agent text,
          created_at timestamptz DEFAULT now(), last_activity timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE plan_stars (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE, created_at timestamptz DEFAULT now(),
          UNIQUE (user_id, plan_id))
        """,
        """
        CREATE TABLE webhook_deliveries (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid REFERENCES users(id) ON DELETE CASCADE,
          event_type text NOT NULL, payload jsonb NOT NULL, status text NOT NULL DEFAULT 'pending',
          status_code integer, error_message text, created_at timestamptz DEFAULT now(), delivered_at timestamptz)
        """,
        """
        CREATE TABLE plan_templates (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL, description text,
          category text NOT NULL DEFAULT 'general', structure jsonb NOT NULL, is_public boolean DEFAULT false,
          is_starter boolean DEFAULT false, owner_id uuid REFERENCES users(id) ON DELETE CASCADE,
          use_count integer DEFAULT 0, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE knowledge_entries (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          store_id uuid NOT NULL REFERENCES knowledge_stores(id) ON DELETE CASCADE,
          entry_type text NOT NULL
            CHECK (entry_type IN ('decision', 'context', 'constraint', 'learning', 'reference', 'note')),
          title text NOT NULL, content text NOT NULL, source_url text, tags text[] DEFAULT '{}',
          metadata jsonb DEFAULT '{}', embedding real[], created_by uuid NOT NULL REFERENCES users(id),
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE plan_chat_messages (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          role text NOT NULL CHECK (role IN ('user', 'agent', 'system')), content text NOT NULL,
          metadata jsonb DEFAULT '{}', created_at timestamptz DEFAULT now())
        """,
        """
        CREATE TABLE prompt_templates (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(), plan_id uuid REFERENCES plans(id) ON DELETE CASCADE,
          user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE, name text NOT NULL, template text NOT NULL,
          type text NOT NULL DEFAULT 'plan' CHECK (type IN ('plan', 'task', 'review', 'summary', 'custom')),
          is_default boolean DEFAULT false, variables jsonb DEFAULT '[]',
          created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now())
        """,
    ]
}
