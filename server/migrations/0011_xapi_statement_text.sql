ALTER TABLE "xapi_statements" ALTER COLUMN "statement" SET DATA TYPE json USING "statement"::json;
