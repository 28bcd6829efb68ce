namespace Tactics.Api.Infrastructure.Persistence;

/// <summary>SQL that makes a table append-only for the role that runs the application.</summary>
public static class AppendOnly
{
    /// <summary>
    /// A trigger refuses UPDATE, DELETE and TRUNCATE, even to the owner; the privileges are revoked too. A table that
    /// another table references keeps its UPDATE privilege (<paramref name="referenced"/>): PostgreSQL's foreign-key
    /// check locks the referenced row FOR KEY SHARE, which needs it; the trigger still refuses every update.
    /// </summary>
    public static string Protect(string table, bool referenced = false) => $"""
        CREATE OR REPLACE FUNCTION tactics_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER {table}_no_update_or_delete BEFORE UPDATE OR DELETE ON {table}
          FOR EACH ROW EXECUTE FUNCTION tactics_append_only();
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
          FOR EACH STATEMENT EXECUTE FUNCTION tactics_append_only();
        REVOKE {(referenced ? "" : "UPDATE, ")}DELETE, TRUNCATE ON {table} FROM PUBLIC, CURRENT_USER;
        """;

    public static string Unprotect(string table) => $"""
        DROP TRIGGER IF EXISTS {table}_no_update_or_delete ON {table};
        DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
        GRANT UPDATE, DELETE, TRUNCATE ON {table} TO CURRENT_USER;
        """;
}
