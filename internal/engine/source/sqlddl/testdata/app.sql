-- A hand-written application schema: schemas, enums, tables, indexes,
-- views, functions and triggers.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'open', 'paid');
ALTER TYPE "Role" ADD VALUE 'OWNER' BEFORE 'ADMIN';
ALTER TYPE billing.invoice_status ADD VALUE IF NOT EXISTS 'void' AFTER 'paid';
COMMENT ON TYPE "Role" IS 'what a user may do';

CREATE TABLE "User" ( -- @renamed from=users
    id          serial PRIMARY KEY,
    email       varchar(255) NOT NULL UNIQUE,
    name        text COLLATE "C",
    role        "Role" NOT NULL DEFAULT 'USER',
    roles       "Role"[] NOT NULL DEFAULT '{}',
    -- @renamed from=created
    created_at  timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    score       numeric(10,2) DEFAULT 0 CHECK (score >= 0),
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT user_email_lower CHECK (email = lower(email))
);
COMMENT ON TABLE "User" IS 'people who sign in';
COMMENT ON COLUMN "User".email IS 'login address';

CREATE TABLE billing.invoice (
    id          bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 1) PRIMARY KEY,
    user_id     integer NOT NULL REFERENCES "User" (id) ON DELETE CASCADE,
    status      billing.invoice_status NOT NULL DEFAULT 'draft',
    amount      numeric(12,2) NOT NULL,
    tax         numeric(12,2) GENERATED ALWAYS AS (amount * 0.2) STORED,
    issued_on   date,
    due_on      date,
    ref         uuid NOT NULL DEFAULT gen_random_uuid(),
    CHECK (due_on >= issued_on),
    UNIQUE NULLS NOT DISTINCT (user_id, ref) DEFERRABLE INITIALLY DEFERRED
);

CREATE UNIQUE INDEX invoice_ref_idx ON billing.invoice USING btree (ref);
CREATE INDEX ON billing.invoice (user_id, issued_on DESC NULLS LAST) INCLUDE (amount) WHERE status <> 'void';
CREATE INDEX CONCURRENTLY IF NOT EXISTS user_email_lower_idx ON "User" (lower(email) text_pattern_ops);
CREATE INDEX ON "User" USING gin (settings);

CREATE VIEW billing.open_invoices AS
    SELECT i.id, u.email, i.amount FROM billing.invoice i JOIN "User" u ON u.id = i.user_id WHERE i.status = 'open';

CREATE OR REPLACE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.issued_on := coalesce(NEW.issued_on, current_date);
  RETURN NEW;
END;
$$;

CREATE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE AS 'SELECT a + b';

CREATE TRIGGER invoice_touch BEFORE INSERT ON billing.invoice
    FOR EACH ROW EXECUTE FUNCTION billing.touch();

COMMENT ON FUNCTION public.add(integer, integer) IS 'adds';
