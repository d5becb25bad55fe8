-- pgseed seed v1
-- fingerprint: sha256:6eb9232e42a1293412ac43a5fe2a65f890490fa66c8c19fc4359cf4ecef8b517
-- postgres: 15.18
-- content: sha256:a8267818562fbbdb39449f3ee4e25f5da8efdc40264d6c3bc9617450139415d1
-- pgseed inputs: {"recipe":"0bac1aab853e765eb3b0b2c1240344ef","files":{"migrations/env.py":"f28ec3e61e0566fa040eb2fce7850e80b391cf59ce0237eb7107ab205cf98c81","migrations/versions/0001_create_tables.py":"79c0b9e12e9e78316636197205eedd4a6ac16f96e2f0097e4f7b0d7e22207fac","migrations/versions/0002_book_isbn_and_index.py":"1a056be0ef00c2b1a084e339ae8f45224556f084b17d610f59bd36d0b35c68e5","migrations/versions/0003_reference_genres.py":"8cb860bdee0e488bfa295eb7d1066f9a17e61df6ef4d19406c84caa58fe0e796","requirements.txt":"69802d394d640b0b04cb71cf1a42f68f1a169dd32323040951f69c8f83f308c8"}}
BEGIN;
DO $pgseed$
BEGIN
  PERFORM pg_advisory_xact_lock(8675309);
  IF obj_description('public'::regnamespace, 'pg_namespace') LIKE 'pgseed sha256:%' THEN
    RAISE EXCEPTION 'pgseed: this database is already seeded (%): load a seed only into an empty database',
      obj_description('public'::regnamespace, 'pg_namespace');
  END IF;
END
$pgseed$;

--
-- PostgreSQL database dump
--

\restrict pgseed6eb9232e42a1293412ac43a5fe2a65f8

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

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

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: author; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.author (
    id integer NOT NULL,
    name character varying(100) NOT NULL,
    email character varying(254) NOT NULL
);


--
-- Name: author_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.author_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: author_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.author_id_seq OWNED BY public.author.id;


--
-- Name: book; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.book (
    id integer NOT NULL,
    title character varying(300) NOT NULL,
    author_id integer NOT NULL,
    genre_id integer,
    published_year smallint,
    isbn character varying(13),
    CONSTRAINT ck_book_isbn_digits CHECK (((isbn)::text ~ '^[0-9]{13}$'::text))
);


--
-- Name: book_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.book_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: book_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.book_id_seq OWNED BY public.book.id;


--
-- Name: genre; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.genre (
    id integer NOT NULL,
    code character varying(20) NOT NULL,
    label character varying(100) NOT NULL
);


--
-- Name: genre_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.genre_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: genre_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.genre_id_seq OWNED BY public.genre.id;


--
-- Name: author id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.author ALTER COLUMN id SET DEFAULT nextval('public.author_id_seq'::regclass);


--
-- Name: book id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.book ALTER COLUMN id SET DEFAULT nextval('public.book_id_seq'::regclass);


--
-- Name: genre id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.genre ALTER COLUMN id SET DEFAULT nextval('public.genre_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.alembic_version (version_num) FROM stdin;
0003
\.


--
-- Data for Name: author; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.author (id, name, email) FROM stdin;
\.


--
-- Data for Name: book; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.book (id, title, author_id, genre_id, published_year, isbn) FROM stdin;
\.


--
-- Data for Name: genre; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.genre (id, code, label) FROM stdin;
1	fiction	Fiction
2	history	History
3	science	Science
\.


--
-- Name: author_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.author_id_seq', 1, false);


--
-- Name: book_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.book_id_seq', 1, false);


--
-- Name: genre_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.genre_id_seq', 3, true);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: author author_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.author
    ADD CONSTRAINT author_email_key UNIQUE (email);


--
-- Name: author author_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.author
    ADD CONSTRAINT author_pkey PRIMARY KEY (id);


--
-- Name: book book_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.book
    ADD CONSTRAINT book_pkey PRIMARY KEY (id);


--
-- Name: genre genre_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.genre
    ADD CONSTRAINT genre_code_key UNIQUE (code);


--
-- Name: genre genre_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.genre
    ADD CONSTRAINT genre_pkey PRIMARY KEY (id);


--
-- Name: ix_book_author_year; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_book_author_year ON public.book USING btree (author_id, published_year);


--
-- Name: ix_book_isbn; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_book_isbn ON public.book USING btree (isbn);


--
-- Name: book book_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.book
    ADD CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.author(id) ON DELETE CASCADE;


--
-- Name: book book_genre_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.book
    ADD CONSTRAINT book_genre_id_fkey FOREIGN KEY (genre_id) REFERENCES public.genre(id);


--
-- PostgreSQL database dump complete
--

\unrestrict pgseed6eb9232e42a1293412ac43a5fe2a65f8

COMMENT ON SCHEMA public IS 'pgseed sha256:6eb9232e42a1293412ac43a5fe2a65f890490fa66c8c19fc4359cf4ecef8b517';

COMMIT;
