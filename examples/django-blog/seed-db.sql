-- pgseed seed v1
-- fingerprint: sha256:43c1f783f4983d5ce0e37bdde9ea13a1fcdea0f20cc4f6c7c9bfd1ad12cc399b
-- postgres: 15.18
-- content: sha256:c14a4755e0c7361a78bdd36f001ef1d4fe2a335ab44d80b745e7696a0d9d9cc2
-- pgseed inputs: {"recipe":"87e70eb4069b13488691b1ab7eee6a39","files":{"blog/migrations/0001_initial.py":"3b5a314288b6ae92b4d57ec07d26525448e65469c7dcbeb8cb2a27e1b94a957d","blog/migrations/0002_category.py":"a3183200fe29a36de597c2b4797877db3940ba3ed05e9e812471d4063d1a2a76","blog/migrations/0003_default_categories.py":"65e5096ce526261c7af5a075e8ec47f46c6f3c7ea27e47f2a3e1957baaac522d","blog/migrations/0004_author_bio_rename_blog_title.py":"f88de2299ffdd312eaafd383c16fab700dbf5eff8a58a75991b8b9f0dcfe907e","blog/migrations/__init__.py":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","django:auth/0001_initial":"d5ac876ca26e451c4b6e030612c51282a3e10a71b04dd668ad2bbe6eccff1698","django:auth/0002_alter_permission_name_max_length":"45084f28cb2defca7a78b82e7e0b36f2f91435656de957f20343dfa13976b114","django:auth/0003_alter_user_email_max_length":"85b51aa268148e27a3e78f674c6caba655b56f6395334c676a80e7f315c409d0","django:auth/0004_alter_user_username_opts":"806e80bcebecb492ccbda65c81e19facd2066e0886c335490931ff9c09c9957c","django:auth/0005_alter_user_last_login_null":"179b803ef96b824c9e2c84499da45f4b7f7d79a9e9ae51e2e531619451e64e21","django:auth/0006_require_contenttypes_0002":"252e27952bb7a27b6da8cbbaa6a1e290176d8e0fe472129a7cde0fbbe55b00af","django:auth/0007_alter_validators_add_error_messages":"99c4987bff3ea73517a9994e0c0af9634a468d9c1266ee5cc3256ffbe9bdc6b3","django:auth/0008_alter_user_username_max_length":"43f2852af9c94e68cb70c7954b6e97a3b10076323de81d653206319d9dec7b6c","django:auth/0009_alter_user_last_name_max_length":"ea52eb4008cbc2baca632fef7ba94c699dc15e2970b58d322008cfdce05f0e11","django:auth/0010_alter_group_name_max_length":"b16145b6da499153caa5b9cde469dcfc9c7ed2dbd196f6321d52e1d92f2e51ad","django:auth/0011_update_proxy_permissions":"ee5c8db0836da64acd11237ed37e43f568d12da96a3697fb32b95aab0dcdc1f7","django:auth/0012_alter_user_first_name_max_length":"5a0668022de9c4d2302e5a5eb73d2a96cd0f8bc814adda484197f7c4204b02c0","django:blog/0001_initial":"0709553bc1fd9a0341a8c26272a071d68b56aac5e06a09ad5c63e5aa677cebf5","django:blog/0002_category":"4409ede35e5eba72b694d0f555576846bf71e27670d34e9e3ac785244d253a34","django:blog/0003_default_categories":"531b53f8eedc56786320b1e388877dae265479f7fc7e05792b84169446daecb4","django:blog/0004_author_bio_rename_blog_title":"1b191f6f33a6d87a7c3202a05c7f86d0ee24d12ab3346eadbd4cce1859f9db09","django:contenttypes/0001_initial":"de17b967b54dbadea9a5e2cf28deb9ad75d81af377c647e6926ced749f7db2ce","django:contenttypes/0002_remove_content_type_name":"97061ac1f7d2d51cfc6e79278fd9f0dfac01a66bf23203ad4cbf91aa96f0e755","django:installed_apps[0000]=django.contrib.contenttypes":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","django:installed_apps[0001]=django.contrib.auth":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","django:installed_apps[0002]=blog":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","django:installed_apps[0003]=posts":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","django:posts/0001_initial":"1cb56b902d022b76db1b7e25ddaf36ca5770e19a1451edd70a670d23d46b27e1","django:posts/0002_tag":"915dcf49d961621bb4e9c7fb1552c32c152685ce2440b2e4ec196a8f78786ead","django:posts/0003_post_is_published":"97600cd64c0484a62733eabcec1498a7961825f9bea90efa0d43768b5924764d","django:posts/0004_comment":"5eed9bf063e1d381cd3ec78e82c2de921eb7661bd87db34155e53c227c947df4","django:posts/0005_post_constraints_sql":"b87705919ffb06c6cfed13756fdfb73db0b3cbcf8e061621d98fdf5b23c16f5a","django:version":"9bf9c5b054b2217978e1912c5a495f4cb3997bf83c4a2b67e41240e122bddc88","posts/migrations/0001_initial.py":"26b703cfc036038609219495adeb82d9dd61bb18b4d50a410b4dd315dd990ff8","posts/migrations/0002_tag.py":"85bb825b6603e511e0e449af95bb4f48151bdfbae2c632ff9009fcc7e8a654ec","posts/migrations/0003_post_is_published.py":"4fd6d74190816487bdcbf8b58a40ade48f6a1929a4314cfed08d8011a1edbb6b","posts/migrations/0004_comment.py":"289acf1d3f06428c8ca90ea73f68e0b2b1a1fda40e57273690e44c46d8d53e9f","posts/migrations/0005_post_constraints_sql.py":"d46915ededbfb36ac7e220bf4a4a0ec6405a33c4ad8bc2548a9b2d86e8583992","posts/migrations/__init__.py":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","requirements.txt":"e9ed7af72096965618303cd0cf4b758ea6ea6501513846ee0dbc4b7ba167ed13"}}
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

\restrict pgseed43c1f783f4983d5ce0e37bdde9ea13a1

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
-- Name: auth_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_group (
    id integer NOT NULL,
    name character varying(150) NOT NULL
);


--
-- Name: auth_group_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_group_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_group_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_group_id_seq OWNED BY public.auth_group.id;


--
-- Name: auth_group_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_group_permissions (
    id bigint NOT NULL,
    group_id integer NOT NULL,
    permission_id integer NOT NULL
);


--
-- Name: auth_group_permissions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_group_permissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_group_permissions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_group_permissions_id_seq OWNED BY public.auth_group_permissions.id;


--
-- Name: auth_permission; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_permission (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    content_type_id integer NOT NULL,
    codename character varying(100) NOT NULL
);


--
-- Name: auth_permission_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_permission_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_permission_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_permission_id_seq OWNED BY public.auth_permission.id;


--
-- Name: auth_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_user (
    id integer NOT NULL,
    password character varying(128) NOT NULL,
    last_login timestamp with time zone,
    is_superuser boolean NOT NULL,
    username character varying(150) NOT NULL,
    first_name character varying(150) NOT NULL,
    last_name character varying(150) NOT NULL,
    email character varying(254) NOT NULL,
    is_staff boolean NOT NULL,
    is_active boolean NOT NULL,
    date_joined timestamp with time zone NOT NULL
);


--
-- Name: auth_user_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_user_groups (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    group_id integer NOT NULL
);


--
-- Name: auth_user_groups_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_user_groups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_user_groups_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_user_groups_id_seq OWNED BY public.auth_user_groups.id;


--
-- Name: auth_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_user_id_seq OWNED BY public.auth_user.id;


--
-- Name: auth_user_user_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_user_user_permissions (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    permission_id integer NOT NULL
);


--
-- Name: auth_user_user_permissions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.auth_user_user_permissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: auth_user_user_permissions_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.auth_user_user_permissions_id_seq OWNED BY public.auth_user_user_permissions.id;


--
-- Name: blog_author; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blog_author (
    id bigint NOT NULL,
    name character varying(100) NOT NULL,
    email character varying(254) NOT NULL,
    bio text NOT NULL
);


--
-- Name: blog_author_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.blog_author_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blog_author_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.blog_author_id_seq OWNED BY public.blog_author.id;


--
-- Name: blog_blog; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blog_blog (
    id bigint NOT NULL,
    name character varying(200) NOT NULL,
    author_id bigint NOT NULL,
    category_id bigint
);


--
-- Name: blog_blog_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.blog_blog_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blog_blog_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.blog_blog_id_seq OWNED BY public.blog_blog.id;


--
-- Name: blog_category; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blog_category (
    id bigint NOT NULL,
    name character varying(50) NOT NULL,
    slug character varying(50) NOT NULL
);


--
-- Name: blog_category_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.blog_category_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: blog_category_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.blog_category_id_seq OWNED BY public.blog_category.id;


--
-- Name: django_content_type; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_content_type (
    id integer NOT NULL,
    app_label character varying(100) NOT NULL,
    model character varying(100) NOT NULL
);


--
-- Name: django_content_type_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.django_content_type_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: django_content_type_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.django_content_type_id_seq OWNED BY public.django_content_type.id;


--
-- Name: django_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_migrations (
    id bigint NOT NULL,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied timestamp with time zone NOT NULL
);


--
-- Name: django_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.django_migrations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: django_migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.django_migrations_id_seq OWNED BY public.django_migrations.id;


--
-- Name: posts_comment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_comment (
    id bigint NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    author_id bigint NOT NULL,
    post_id bigint NOT NULL
);


--
-- Name: posts_comment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.posts_comment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: posts_comment_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.posts_comment_id_seq OWNED BY public.posts_comment.id;


--
-- Name: posts_post; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_post (
    id bigint NOT NULL,
    title character varying(255) NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    blog_id bigint NOT NULL,
    is_published boolean NOT NULL,
    CONSTRAINT posts_post_title_not_empty CHECK ((char_length((title)::text) > 0))
);


--
-- Name: posts_post_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.posts_post_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: posts_post_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.posts_post_id_seq OWNED BY public.posts_post.id;


--
-- Name: posts_post_tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_post_tags (
    id bigint NOT NULL,
    post_id bigint NOT NULL,
    tag_id bigint NOT NULL
);


--
-- Name: posts_post_tags_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.posts_post_tags_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: posts_post_tags_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.posts_post_tags_id_seq OWNED BY public.posts_post_tags.id;


--
-- Name: posts_published_post; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.posts_published_post AS
 SELECT posts_post.id,
    posts_post.blog_id,
    posts_post.title,
    posts_post.created_at
   FROM public.posts_post
  WHERE posts_post.is_published;


--
-- Name: posts_tag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.posts_tag (
    id bigint NOT NULL,
    name character varying(50) NOT NULL
);


--
-- Name: posts_tag_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.posts_tag_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: posts_tag_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.posts_tag_id_seq OWNED BY public.posts_tag.id;


--
-- Name: auth_group id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group ALTER COLUMN id SET DEFAULT nextval('public.auth_group_id_seq'::regclass);


--
-- Name: auth_group_permissions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions ALTER COLUMN id SET DEFAULT nextval('public.auth_group_permissions_id_seq'::regclass);


--
-- Name: auth_permission id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission ALTER COLUMN id SET DEFAULT nextval('public.auth_permission_id_seq'::regclass);


--
-- Name: auth_user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user ALTER COLUMN id SET DEFAULT nextval('public.auth_user_id_seq'::regclass);


--
-- Name: auth_user_groups id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_groups ALTER COLUMN id SET DEFAULT nextval('public.auth_user_groups_id_seq'::regclass);


--
-- Name: auth_user_user_permissions id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_user_permissions ALTER COLUMN id SET DEFAULT nextval('public.auth_user_user_permissions_id_seq'::regclass);


--
-- Name: blog_author id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_author ALTER COLUMN id SET DEFAULT nextval('public.blog_author_id_seq'::regclass);


--
-- Name: blog_blog id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_blog ALTER COLUMN id SET DEFAULT nextval('public.blog_blog_id_seq'::regclass);


--
-- Name: blog_category id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_category ALTER COLUMN id SET DEFAULT nextval('public.blog_category_id_seq'::regclass);


--
-- Name: django_content_type id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_content_type ALTER COLUMN id SET DEFAULT nextval('public.django_content_type_id_seq'::regclass);


--
-- Name: django_migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_migrations ALTER COLUMN id SET DEFAULT nextval('public.django_migrations_id_seq'::regclass);


--
-- Name: posts_comment id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_comment ALTER COLUMN id SET DEFAULT nextval('public.posts_comment_id_seq'::regclass);


--
-- Name: posts_post id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post ALTER COLUMN id SET DEFAULT nextval('public.posts_post_id_seq'::regclass);


--
-- Name: posts_post_tags id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post_tags ALTER COLUMN id SET DEFAULT nextval('public.posts_post_tags_id_seq'::regclass);


--
-- Name: posts_tag id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_tag ALTER COLUMN id SET DEFAULT nextval('public.posts_tag_id_seq'::regclass);


--
-- Data for Name: auth_group; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_group (id, name) FROM stdin;
\.


--
-- Data for Name: auth_group_permissions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_group_permissions (id, group_id, permission_id) FROM stdin;
\.


--
-- Data for Name: auth_permission; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_permission (id, name, content_type_id, codename) FROM stdin;
1	Can add group	1	add_group
2	Can change group	1	change_group
3	Can delete group	1	delete_group
4	Can view group	1	view_group
5	Can add permission	2	add_permission
6	Can change permission	2	change_permission
7	Can delete permission	2	delete_permission
8	Can view permission	2	view_permission
9	Can add user	3	add_user
10	Can change user	3	change_user
11	Can delete user	3	delete_user
12	Can view user	3	view_user
13	Can add author	4	add_author
14	Can change author	4	change_author
15	Can delete author	4	delete_author
16	Can view author	4	view_author
17	Can add blog	5	add_blog
18	Can change blog	5	change_blog
19	Can delete blog	5	delete_blog
20	Can view blog	5	view_blog
21	Can add category	6	add_category
22	Can change category	6	change_category
23	Can delete category	6	delete_category
24	Can view category	6	view_category
25	Can add content type	7	add_contenttype
26	Can change content type	7	change_contenttype
27	Can delete content type	7	delete_contenttype
28	Can view content type	7	view_contenttype
29	Can add comment	8	add_comment
30	Can change comment	8	change_comment
31	Can delete comment	8	delete_comment
32	Can view comment	8	view_comment
33	Can add post	9	add_post
34	Can change post	9	change_post
35	Can delete post	9	delete_post
36	Can view post	9	view_post
37	Can add tag	10	add_tag
38	Can change tag	10	change_tag
39	Can delete tag	10	delete_tag
40	Can view tag	10	view_tag
\.


--
-- Data for Name: auth_user; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) FROM stdin;
\.


--
-- Data for Name: auth_user_groups; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_user_groups (id, user_id, group_id) FROM stdin;
\.


--
-- Data for Name: auth_user_user_permissions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.auth_user_user_permissions (id, user_id, permission_id) FROM stdin;
\.


--
-- Data for Name: blog_author; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.blog_author (id, name, email, bio) FROM stdin;
\.


--
-- Data for Name: blog_blog; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.blog_blog (id, name, author_id, category_id) FROM stdin;
\.


--
-- Data for Name: blog_category; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.blog_category (id, name, slug) FROM stdin;
1	General	general
2	Technology	technology
3	Travel	travel
\.


--
-- Data for Name: django_content_type; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.django_content_type (id, app_label, model) FROM stdin;
1	auth	group
2	auth	permission
3	auth	user
4	blog	author
5	blog	blog
6	blog	category
7	contenttypes	contenttype
8	posts	comment
9	posts	post
10	posts	tag
\.


--
-- Data for Name: django_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.django_migrations (id, app, name, applied) FROM stdin;
1	auth	0001_initial	2000-01-01 00:00:00+00
2	auth	0002_alter_permission_name_max_length	2000-01-01 00:00:00+00
3	auth	0003_alter_user_email_max_length	2000-01-01 00:00:00+00
4	auth	0004_alter_user_username_opts	2000-01-01 00:00:00+00
5	auth	0005_alter_user_last_login_null	2000-01-01 00:00:00+00
6	auth	0006_require_contenttypes_0002	2000-01-01 00:00:00+00
7	auth	0007_alter_validators_add_error_messages	2000-01-01 00:00:00+00
8	auth	0008_alter_user_username_max_length	2000-01-01 00:00:00+00
9	auth	0009_alter_user_last_name_max_length	2000-01-01 00:00:00+00
10	auth	0010_alter_group_name_max_length	2000-01-01 00:00:00+00
11	auth	0011_update_proxy_permissions	2000-01-01 00:00:00+00
12	auth	0012_alter_user_first_name_max_length	2000-01-01 00:00:00+00
13	blog	0001_initial	2000-01-01 00:00:00+00
14	blog	0002_category	2000-01-01 00:00:00+00
15	blog	0003_default_categories	2000-01-01 00:00:00+00
16	blog	0004_author_bio_rename_blog_title	2000-01-01 00:00:00+00
17	contenttypes	0001_initial	2000-01-01 00:00:00+00
18	contenttypes	0002_remove_content_type_name	2000-01-01 00:00:00+00
19	posts	0001_initial	2000-01-01 00:00:00+00
20	posts	0002_tag	2000-01-01 00:00:00+00
21	posts	0003_post_is_published	2000-01-01 00:00:00+00
22	posts	0004_comment	2000-01-01 00:00:00+00
23	posts	0005_post_constraints_sql	2000-01-01 00:00:00+00
\.


--
-- Data for Name: posts_comment; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.posts_comment (id, body, created_at, author_id, post_id) FROM stdin;
\.


--
-- Data for Name: posts_post; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.posts_post (id, title, body, created_at, blog_id, is_published) FROM stdin;
\.


--
-- Data for Name: posts_post_tags; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.posts_post_tags (id, post_id, tag_id) FROM stdin;
\.


--
-- Data for Name: posts_tag; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.posts_tag (id, name) FROM stdin;
\.


--
-- Name: auth_group_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_group_id_seq', 1, false);


--
-- Name: auth_group_permissions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_group_permissions_id_seq', 1, false);


--
-- Name: auth_permission_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_permission_id_seq', 40, true);


--
-- Name: auth_user_groups_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_user_groups_id_seq', 1, false);


--
-- Name: auth_user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_user_id_seq', 1, false);


--
-- Name: auth_user_user_permissions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_user_user_permissions_id_seq', 1, false);


--
-- Name: blog_author_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.blog_author_id_seq', 1, false);


--
-- Name: blog_blog_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.blog_blog_id_seq', 1, false);


--
-- Name: blog_category_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.blog_category_id_seq', 3, true);


--
-- Name: django_content_type_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.django_content_type_id_seq', 10, true);


--
-- Name: django_migrations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.django_migrations_id_seq', 23, true);


--
-- Name: posts_comment_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.posts_comment_id_seq', 1, false);


--
-- Name: posts_post_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.posts_post_id_seq', 1, false);


--
-- Name: posts_post_tags_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.posts_post_tags_id_seq', 1, false);


--
-- Name: posts_tag_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.posts_tag_id_seq', 1, false);


--
-- Name: auth_group auth_group_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group
    ADD CONSTRAINT auth_group_name_key UNIQUE (name);


--
-- Name: auth_group_permissions auth_group_permissions_group_id_permission_id_0cd325b0_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_permission_id_0cd325b0_uniq UNIQUE (group_id, permission_id);


--
-- Name: auth_group_permissions auth_group_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_pkey PRIMARY KEY (id);


--
-- Name: auth_group auth_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group
    ADD CONSTRAINT auth_group_pkey PRIMARY KEY (id);


--
-- Name: auth_permission auth_permission_content_type_id_codename_01ab375a_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_codename_01ab375a_uniq UNIQUE (content_type_id, codename);


--
-- Name: auth_permission auth_permission_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_pkey PRIMARY KEY (id);


--
-- Name: auth_user_groups auth_user_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_groups
    ADD CONSTRAINT auth_user_groups_pkey PRIMARY KEY (id);


--
-- Name: auth_user_groups auth_user_groups_user_id_group_id_94350c0c_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_groups
    ADD CONSTRAINT auth_user_groups_user_id_group_id_94350c0c_uniq UNIQUE (user_id, group_id);


--
-- Name: auth_user auth_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user
    ADD CONSTRAINT auth_user_pkey PRIMARY KEY (id);


--
-- Name: auth_user_user_permissions auth_user_user_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_user_permissions
    ADD CONSTRAINT auth_user_user_permissions_pkey PRIMARY KEY (id);


--
-- Name: auth_user_user_permissions auth_user_user_permissions_user_id_permission_id_14a6b632_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_user_permissions
    ADD CONSTRAINT auth_user_user_permissions_user_id_permission_id_14a6b632_uniq UNIQUE (user_id, permission_id);


--
-- Name: auth_user auth_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user
    ADD CONSTRAINT auth_user_username_key UNIQUE (username);


--
-- Name: blog_author blog_author_email_8354ab3e_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_author
    ADD CONSTRAINT blog_author_email_8354ab3e_uniq UNIQUE (email);


--
-- Name: blog_author blog_author_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_author
    ADD CONSTRAINT blog_author_pkey PRIMARY KEY (id);


--
-- Name: blog_blog blog_blog_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_blog
    ADD CONSTRAINT blog_blog_pkey PRIMARY KEY (id);


--
-- Name: blog_category blog_category_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_category
    ADD CONSTRAINT blog_category_name_key UNIQUE (name);


--
-- Name: blog_category blog_category_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_category
    ADD CONSTRAINT blog_category_pkey PRIMARY KEY (id);


--
-- Name: blog_category blog_category_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_category
    ADD CONSTRAINT blog_category_slug_key UNIQUE (slug);


--
-- Name: django_content_type django_content_type_app_label_model_76bd3d3b_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_content_type
    ADD CONSTRAINT django_content_type_app_label_model_76bd3d3b_uniq UNIQUE (app_label, model);


--
-- Name: django_content_type django_content_type_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_content_type
    ADD CONSTRAINT django_content_type_pkey PRIMARY KEY (id);


--
-- Name: django_migrations django_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_migrations
    ADD CONSTRAINT django_migrations_pkey PRIMARY KEY (id);


--
-- Name: posts_comment posts_comment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_comment
    ADD CONSTRAINT posts_comment_pkey PRIMARY KEY (id);


--
-- Name: posts_post posts_post_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post
    ADD CONSTRAINT posts_post_pkey PRIMARY KEY (id);


--
-- Name: posts_post_tags posts_post_tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post_tags
    ADD CONSTRAINT posts_post_tags_pkey PRIMARY KEY (id);


--
-- Name: posts_post_tags posts_post_tags_post_id_tag_id_9b9d69ec_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post_tags
    ADD CONSTRAINT posts_post_tags_post_id_tag_id_9b9d69ec_uniq UNIQUE (post_id, tag_id);


--
-- Name: posts_tag posts_tag_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_tag
    ADD CONSTRAINT posts_tag_name_key UNIQUE (name);


--
-- Name: posts_tag posts_tag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_tag
    ADD CONSTRAINT posts_tag_pkey PRIMARY KEY (id);


--
-- Name: auth_group_name_a6ea08ec_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_name_a6ea08ec_like ON public.auth_group USING btree (name varchar_pattern_ops);


--
-- Name: auth_group_permissions_group_id_b120cbf9; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_permissions_group_id_b120cbf9 ON public.auth_group_permissions USING btree (group_id);


--
-- Name: auth_group_permissions_permission_id_84c5c92e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_permissions_permission_id_84c5c92e ON public.auth_group_permissions USING btree (permission_id);


--
-- Name: auth_permission_content_type_id_2f476e4b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_permission_content_type_id_2f476e4b ON public.auth_permission USING btree (content_type_id);


--
-- Name: auth_user_groups_group_id_97559544; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_user_groups_group_id_97559544 ON public.auth_user_groups USING btree (group_id);


--
-- Name: auth_user_groups_user_id_6a12ed8b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_user_groups_user_id_6a12ed8b ON public.auth_user_groups USING btree (user_id);


--
-- Name: auth_user_user_permissions_permission_id_1fbb5f2c; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_user_user_permissions_permission_id_1fbb5f2c ON public.auth_user_user_permissions USING btree (permission_id);


--
-- Name: auth_user_user_permissions_user_id_a95ead1b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_user_user_permissions_user_id_a95ead1b ON public.auth_user_user_permissions USING btree (user_id);


--
-- Name: auth_user_username_6821ab7c_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_user_username_6821ab7c_like ON public.auth_user USING btree (username varchar_pattern_ops);


--
-- Name: blog_author_email_8354ab3e_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blog_author_email_8354ab3e_like ON public.blog_author USING btree (email varchar_pattern_ops);


--
-- Name: blog_blog_author_id_8791af69; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blog_blog_author_id_8791af69 ON public.blog_blog USING btree (author_id);


--
-- Name: blog_blog_category_id_c34d5f94; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blog_blog_category_id_c34d5f94 ON public.blog_blog USING btree (category_id);


--
-- Name: blog_category_name_92eb1483_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blog_category_name_92eb1483_like ON public.blog_category USING btree (name varchar_pattern_ops);


--
-- Name: blog_category_slug_92643dc5_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX blog_category_slug_92643dc5_like ON public.blog_category USING btree (slug varchar_pattern_ops);


--
-- Name: posts_comment_author_id_795e4d12; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_comment_author_id_795e4d12 ON public.posts_comment USING btree (author_id);


--
-- Name: posts_comment_post_id_e81436d7; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_comment_post_id_e81436d7 ON public.posts_comment USING btree (post_id);


--
-- Name: posts_post_blog_id_3261b09a; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_post_blog_id_3261b09a ON public.posts_post USING btree (blog_id);


--
-- Name: posts_post_published_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_post_published_idx ON public.posts_post USING btree (blog_id) WHERE is_published;


--
-- Name: posts_post_tags_post_id_1f164920; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_post_tags_post_id_1f164920 ON public.posts_post_tags USING btree (post_id);


--
-- Name: posts_post_tags_tag_id_0743d52e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_post_tags_tag_id_0743d52e ON public.posts_post_tags USING btree (tag_id);


--
-- Name: posts_tag_name_70364ab3_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX posts_tag_name_70364ab3_like ON public.posts_tag USING btree (name varchar_pattern_ops);


--
-- Name: auth_group_permissions auth_group_permissio_permission_id_84c5c92e_fk_auth_perm; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissio_permission_id_84c5c92e_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES public.auth_permission(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_group_permissions auth_group_permissions_group_id_b120cbf9_fk_auth_group_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_b120cbf9_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES public.auth_group(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_permission auth_permission_content_type_id_2f476e4b_fk_django_co; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_2f476e4b_fk_django_co FOREIGN KEY (content_type_id) REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_user_groups auth_user_groups_group_id_97559544_fk_auth_group_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_groups
    ADD CONSTRAINT auth_user_groups_group_id_97559544_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES public.auth_group(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_user_groups auth_user_groups_user_id_6a12ed8b_fk_auth_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_groups
    ADD CONSTRAINT auth_user_groups_user_id_6a12ed8b_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES public.auth_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_user_user_permissions auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_user_permissions
    ADD CONSTRAINT auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES public.auth_permission(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_user_user_permissions auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_user_user_permissions
    ADD CONSTRAINT auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id FOREIGN KEY (user_id) REFERENCES public.auth_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: blog_blog blog_blog_author_id_8791af69_fk_blog_author_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_blog
    ADD CONSTRAINT blog_blog_author_id_8791af69_fk_blog_author_id FOREIGN KEY (author_id) REFERENCES public.blog_author(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: blog_blog blog_blog_category_id_c34d5f94_fk_blog_category_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_blog
    ADD CONSTRAINT blog_blog_category_id_c34d5f94_fk_blog_category_id FOREIGN KEY (category_id) REFERENCES public.blog_category(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: posts_comment posts_comment_author_id_795e4d12_fk_blog_author_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_comment
    ADD CONSTRAINT posts_comment_author_id_795e4d12_fk_blog_author_id FOREIGN KEY (author_id) REFERENCES public.blog_author(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: posts_comment posts_comment_post_id_e81436d7_fk_posts_post_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_comment
    ADD CONSTRAINT posts_comment_post_id_e81436d7_fk_posts_post_id FOREIGN KEY (post_id) REFERENCES public.posts_post(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: posts_post posts_post_blog_id_3261b09a_fk_blog_blog_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post
    ADD CONSTRAINT posts_post_blog_id_3261b09a_fk_blog_blog_id FOREIGN KEY (blog_id) REFERENCES public.blog_blog(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: posts_post_tags posts_post_tags_post_id_1f164920_fk_posts_post_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post_tags
    ADD CONSTRAINT posts_post_tags_post_id_1f164920_fk_posts_post_id FOREIGN KEY (post_id) REFERENCES public.posts_post(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: posts_post_tags posts_post_tags_tag_id_0743d52e_fk_posts_tag_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.posts_post_tags
    ADD CONSTRAINT posts_post_tags_tag_id_0743d52e_fk_posts_tag_id FOREIGN KEY (tag_id) REFERENCES public.posts_tag(id) DEFERRABLE INITIALLY DEFERRED;


--
-- PostgreSQL database dump complete
--

\unrestrict pgseed43c1f783f4983d5ce0e37bdde9ea13a1

COMMENT ON SCHEMA public IS 'pgseed sha256:43c1f783f4983d5ce0e37bdde9ea13a1fcdea0f20cc4f6c7c9bfd1ad12cc399b';

COMMIT;
