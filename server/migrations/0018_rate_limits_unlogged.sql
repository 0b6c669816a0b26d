-- Rate-limit counters are written on every limited request and are worth nothing after a crash:
-- an unlogged table skips the write-ahead log (and its flush) for them.
ALTER TABLE "rate_limits" SET UNLOGGED;
