--
-- PostgreSQL database dump
--

\restrict MDr77Psig13b6fTWYz1fz05GQ2wpAleyFgE7JEjXPmPZH7dHDaS6kuu95SlQbyk

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing;


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: invoice_status; Type: TYPE; Schema: billing; Owner: -
--

CREATE TYPE billing.invoice_status AS ENUM (
    'draft',
    'open',
    'paid',
    'void'
);


--
-- Name: Role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public."Role" AS ENUM (
    'USER',
    'OWNER',
    'ADMIN'
);


--
-- Name: TYPE "Role"; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public."Role" IS 'what a user may do';


--
-- Name: touch(); Type: FUNCTION; Schema: billing; Owner: -
--

CREATE FUNCTION billing.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.issued_on := coalesce(NEW.issued_on, current_date);
  RETURN NEW;
END;
$$;


--
-- Name: add(integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$SELECT a + b$$;


--
-- Name: FUNCTION add(a integer, b integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.add(a integer, b integer) IS 'adds';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: invoice; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoice (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    status billing.invoice_status DEFAULT 'draft'::billing.invoice_status NOT NULL,
    amount numeric(12,2) NOT NULL,
    tax numeric(12,2) GENERATED ALWAYS AS ((amount * 0.2)) STORED,
    issued_on date,
    due_on date,
    ref uuid DEFAULT gen_random_uuid() NOT NULL,
    CONSTRAINT invoice_check CHECK ((due_on >= issued_on))
);


--
-- Name: invoice_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.invoice ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.invoice_id_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: User; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."User" (
    id integer NOT NULL,
    email character varying(255) NOT NULL,
    name text COLLATE pg_catalog."C",
    role public."Role" DEFAULT 'USER'::public."Role" NOT NULL,
    roles public."Role"[] DEFAULT '{}'::public."Role"[] NOT NULL,
    created_at timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    score numeric(10,2) DEFAULT 0,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT "User_score_check" CHECK ((score >= (0)::numeric)),
    CONSTRAINT user_email_lower CHECK (((email)::text = lower((email)::text)))
);


--
-- Name: TABLE "User"; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public."User" IS 'people who sign in';


--
-- Name: COLUMN "User".email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public."User".email IS 'login address';


--
-- Name: open_invoices; Type: VIEW; Schema: billing; Owner: -
--

CREATE VIEW billing.open_invoices AS
 SELECT i.id,
    u.email,
    i.amount
   FROM (billing.invoice i
     JOIN public."User" u ON ((u.id = i.user_id)))
  WHERE (i.status = 'open'::billing.invoice_status);


--
-- Name: User_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public."User_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: User_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public."User_id_seq" OWNED BY public."User".id;


--
-- Name: User id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."User" ALTER COLUMN id SET DEFAULT nextval('public."User_id_seq"'::regclass);


--
-- Name: invoice invoice_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_pkey PRIMARY KEY (id);


--
-- Name: invoice invoice_user_id_ref_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_user_id_ref_key UNIQUE NULLS NOT DISTINCT (user_id, ref) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: User User_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_email_key" UNIQUE (email);


--
-- Name: User User_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_pkey" PRIMARY KEY (id);


--
-- Name: invoice_ref_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX invoice_ref_idx ON billing.invoice USING btree (ref);


--
-- Name: invoice_user_id_issued_on_amount_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoice_user_id_issued_on_amount_idx ON billing.invoice USING btree (user_id, issued_on DESC NULLS LAST) INCLUDE (amount) WHERE (status <> 'void'::billing.invoice_status);


--
-- Name: User_settings_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX "User_settings_idx" ON public."User" USING gin (settings);


--
-- Name: user_email_lower_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_email_lower_idx ON public."User" USING btree (lower((email)::text) text_pattern_ops);


--
-- Name: invoice invoice_touch; Type: TRIGGER; Schema: billing; Owner: -
--

CREATE TRIGGER invoice_touch BEFORE INSERT ON billing.invoice FOR EACH ROW EXECUTE FUNCTION billing.touch();


--
-- Name: invoice invoice_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."User"(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict MDr77Psig13b6fTWYz1fz05GQ2wpAleyFgE7JEjXPmPZH7dHDaS6kuu95SlQbyk

