import pg from 'pg';

/**
 * A canonical description of a PostgreSQL schema's tables, columns, constraints and indexes,
 * read from the catalog. Two databases with equal fingerprints have the same structure; used to
 * prove the PostgreSQL migrations reproduce the models (the schema engine cannot introspect
 * PostgreSQL through the driver adapter).
 */
export async function postgresSchemaFingerprint(url: string, schema = 'public'): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ line: string }>(
      `SELECT format('column %s.%s %s null=%s default=%s', table_name, column_name, data_type, is_nullable, coalesce(column_default, '')) AS line
         FROM information_schema.columns
        WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
      [schema],
    );
    const constraints = await client.query<{ line: string }>(
      `SELECT format('constraint %s.%s %s', rel.relname, con.conname, pg_get_constraintdef(con.oid)) AS line
         FROM pg_constraint con
         JOIN pg_class rel ON rel.oid = con.conrelid
         JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = $1 AND rel.relname <> '_prisma_migrations'`,
      [schema],
    );
    const indexes = await client.query<{ line: string }>(
      `SELECT format('index %s', indexdef) AS line
         FROM pg_indexes
        WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`,
      [schema],
    );
    return [...columns.rows, ...constraints.rows, ...indexes.rows].map((row) => row.line).sort();
  } finally {
    await client.end();
  }
}
