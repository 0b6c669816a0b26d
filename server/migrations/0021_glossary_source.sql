ALTER TABLE "release_glossaries" ADD COLUMN "source" text DEFAULT '' NOT NULL;
