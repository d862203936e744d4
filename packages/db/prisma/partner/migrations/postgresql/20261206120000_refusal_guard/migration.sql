-- CreateFunction
-- The guard the SQL driver appends after a step PostgreSQL judges itself (packages/db's
-- postgresDriver.ts): where the step's rule says no, it fails the statement with SQLSTATE RF001,
-- so the transaction rolls back and the COMMIT sent after it commits nothing.
-- The body's semicolons are written \073: the driver adapter runs a migration script split at
-- every semicolon, quoted or not.
CREATE OR REPLACE FUNCTION "recovery_refuse_unless"(ok boolean) RETURNS boolean
LANGUAGE plpgsql AS E'BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION ''refused by the rule of the step before'' USING ERRCODE = ''RF001''\073
  END IF\073
  RETURN true\073
END';
