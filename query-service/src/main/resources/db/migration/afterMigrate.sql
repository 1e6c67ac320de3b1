-- Flyway runs this after every migration run, so the grants follow the published API as it grows.
-- The jobs that only read log in as ${read_only_role} (QueryModel.READ_ONLY_ROLE), which the
-- platform creates with LOGIN and nothing else: it may read query_api's views and the live read
-- model's views in public that query_api's report functions read (they run with their caller's
-- rights), and change nothing. Where the platform has not created it (a laptop's stack may not),
-- nothing is granted until a start after it exists.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${read_only_role}') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA query_api TO %I', '${read_only_role}');
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA query_api TO %I', '${read_only_role}');
        EXECUTE format('GRANT SELECT ON public.account_summary, public.account_transaction, public.currency_total TO %I',
                       '${read_only_role}');
    ELSE
        RAISE NOTICE 'no role %: no read-only login for the jobs on this server', '${read_only_role}';
    END IF;
END
$$;
