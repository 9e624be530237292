-- A booking's seat statement (lib/booking/seats.ts) is the last of its transaction and leaves
-- together with the COMMIT (issue 14, decision 013): when it takes no seat it must fail, so that
-- the COMMIT rolls back what the transaction did before it (the SMS code marked used). This is that
-- failure, with its own SQLSTATE for db/errors.ts.
CREATE FUNCTION "seat_refused"() RETURNS json LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  RAISE EXCEPTION 'no seat was taken' USING ERRCODE = 'YC001';
END
$fn$;
