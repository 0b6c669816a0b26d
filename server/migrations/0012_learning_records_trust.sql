-- A closed account's certificates stay verifiable without the holder's name.
ALTER TABLE "certificates" ALTER COLUMN "holder_name" DROP NOT NULL;
