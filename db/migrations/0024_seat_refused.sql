-- A booking's seat statement (lib/booking/seats.ts) is the last of its transaction and leaves
-- together with the COMMIT (issue 14, decision 013); it also marks the villager's SMS code used.
-- When it takes no seat it must fail, so that the COMMIT rolls back the transaction and the
-- statement's own writes: YC001; when the code was used by another request or expired since its
-- check, YC003.
-- postgres.js re-runs a prepared statement the server no longer knows (after a schema change, or
-- DEALLOCATE) once the first try's answer is in, which is then after the COMMIT: that re-run, in a
-- transaction of its own without the booking's locks and checks, must fail too: YC002. The codes
-- are named in db/errors.ts.
CREATE FUNCTION "seat_refused"("in_booking" boolean, "code_ok" boolean) RETURNS json LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  IF in_booking IS NOT TRUE THEN
    RAISE EXCEPTION 'the seat statement ran outside its booking''s transaction' USING ERRCODE = 'YC002';
  END IF;
  IF code_ok IS NOT TRUE THEN
    RAISE EXCEPTION 'the SMS code was used or has expired' USING ERRCODE = 'YC003';
  END IF;
  RAISE EXCEPTION 'no seat was taken' USING ERRCODE = 'YC001';
END
$fn$;
