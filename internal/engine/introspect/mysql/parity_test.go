package mysql

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// ignoreSource leaves out what only a source has: positions, the raw type
// spelling and rename hints.
var ignoreSource = cmp.Options{
	cmpopts.IgnoreTypes(schema.Pos{}),
	cmpopts.IgnoreFields(schema.Type{}, "Raw"),
	cmpopts.IgnoreFields(schema.Table{}, "RenamedFrom"),
	cmpopts.IgnoreFields(schema.Column{}, "RenamedFrom"),
	cmpopts.EquateEmpty(),
}

// parityCases are DDL scripts run on a fresh MariaDB database: Inspect of
// the database must equal mysqlddl.Parse of the script.
var parityCases = []struct{ name, ddl string }{
	{"types", `CREATE TABLE t (
		a int, b INTEGER(11) UNSIGNED, c bigint unsigned NOT NULL, d tinyint(1), e bool, f smallint(6) zerofill,
		g mediumint, h decimal, i numeric(10,2), j float, k float(30), l double precision, m real,
		n varchar(191), o char(36), p char, q text, r mediumtext, s longtext, u tinytext, v blob, w longblob,
		x binary(16), y varbinary(20), z bit(1), z2 bit(8), aa year, ab date, ac time(3), ad datetime(3),
		ae timestamp(6) NULL, af enum('a','b','it''s'), ag set('x','y'), ah json, ai long varchar, aj dec(5,1))`},
	{"defaults", `CREATE TABLE t (
		a int DEFAULT 7, b int DEFAULT '8', c varchar(20) DEFAULT 'it''s', d varchar(20) DEFAULT NULL,
		e varchar(20) DEFAULT 'NULL', f tinyint(1) NOT NULL DEFAULT true, g decimal(10,2) DEFAULT 1.5,
		h double DEFAULT -2, i datetime DEFAULT '2020-01-01', j datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
		k timestamp NOT NULL DEFAULT now(), l date DEFAULT (curdate()), m varchar(40) DEFAULT (concat('a', 'b')),
		n char(36) DEFAULT (uuid()), o bit(1) DEFAULT b'1', p enum('x','y') NOT NULL DEFAULT 'y', r varchar(10) DEFAULT '', s float DEFAULT 1e3, u set('a','b') DEFAULT 'a,b')`},
	{"auto increment and serial", `CREATE TABLE t (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, v int); CREATE TABLE s (s serial, n int)`},
	{"generated", `CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) VIRTUAL, c int AS (a * 2) STORED,
		d varchar(20) AS (concat('x', a)) VIRTUAL)`},
	{"comments and options", `CREATE TABLE t (a int COMMENT 'the a', b varchar(10) COMMENT 'it''s b')
		ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='a table';
		CREATE TABLE m (a int) ENGINE=MyISAM;
		CREATE TABLE l (a varchar(10), b varchar(10) CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1;
		CREATE TABLE c (a varchar(10) COLLATE utf8mb4_bin, b text CHARACTER SET latin1, c enum('x') COLLATE utf8mb4_unicode_ci,
			d varchar(5) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci)`},
	{"keys", `CREATE TABLE t (id int NOT NULL, a varchar(50), b int, c text, code varchar(10) UNIQUE,
		PRIMARY KEY (id), UNIQUE KEY ua (a(10), b), KEY (b), KEY (b, a), INDEX ib (b DESC), FULLTEXT KEY ft (c),
		INDEX (code), KEY k_hash (a) USING HASH)`},
	{"composite primary key", `CREATE TABLE t (a int, b varchar(10), c int, PRIMARY KEY (b, a))`},
	{"foreign keys", `CREATE TABLE p (id int PRIMARY KEY, id2 int, UNIQUE KEY (id, id2));
		CREATE TABLE c (id int PRIMARY KEY, x int, y int, z int, w int,
			FOREIGN KEY (x) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
			CONSTRAINT fk_named FOREIGN KEY (y) REFERENCES p (id) ON DELETE RESTRICT,
			CONSTRAINT FOREIGN KEY idxname (z) REFERENCES p (id) ON DELETE NO ACTION,
			KEY kw (w, x), FOREIGN KEY (w) REFERENCES p (id),
			FOREIGN KEY (z, w) REFERENCES p (id, id2));
		CREATE TABLE self (id int PRIMARY KEY, parent int, FOREIGN KEY (parent) REFERENCES self (id))`},
	{"checks", `CREATE TABLE t (a int CHECK (a > 0), b int, c int CHECK (c >= 0),
		CHECK (b < 100), CONSTRAINT named CHECK (a + b < 1000), CHECK (b BETWEEN 1 AND 5 OR b IN (7, 8)));
		CREATE TABLE u (x int, CHECK (x <> 0))`},
	{"alter table", `CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(10));
		ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0 AFTER id, ADD INDEX (a), DROP COLUMN b;
		ALTER TABLE t ADD COLUMN d datetime FIRST, ALGORITHM=INPLACE, LOCK=NONE;
		ALTER TABLE t MODIFY a bigint NOT NULL, CHANGE c c2 int DEFAULT 5;
		ALTER TABLE t ALTER COLUMN c2 SET DEFAULT 9, RENAME INDEX a TO ia;
		ALTER TABLE t ADD CONSTRAINT ck CHECK (c2 > 0), ADD UNIQUE KEY (c2);
		CREATE INDEX idx_d ON t (d DESC);
		CREATE UNIQUE INDEX uq ON t (a, c2);
		DROP INDEX uq ON t;
		ALTER TABLE t RENAME COLUMN d TO d2, COMMENT 'altered';
		RENAME TABLE t TO t2`},
	{"implicit fk index replaced", `CREATE TABLE p (id int PRIMARY KEY);
		CREATE TABLE c (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES p (id));
		ALTER TABLE c ADD INDEX by_pid (pid, id)`},
	{"mysqldump", "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n" +
		"/*!40101 SET NAMES utf8mb4 */;\nDROP TABLE IF EXISTS `users`;\n" +
		"/*!40101 SET @saved_cs_client     = @@character_set_client */;\n" +
		"CREATE TABLE `users` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  `email` varchar(191) NOT NULL,\n" +
		"  PRIMARY KEY (`id`),\n  UNIQUE KEY `email` (`email`)\n) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n" +
		"LOCK TABLES `users` WRITE;\nINSERT INTO `users` VALUES (1,'a@b'),(2,'c@d');\nUNLOCK TABLES;\n"},
	{"hostile names", "CREATE TABLE `we``ird` (`a b` int, `sel``ect` varchar(5) DEFAULT 'x''y', KEY (`a b`), CHECK (`a b` > 0))"},
	{"create table like", `CREATE TABLE a (id int PRIMARY KEY, v varchar(5) UNIQUE); CREATE TABLE b LIKE a`},
	// MariaDB stores length() and lengthb() as octet_length() and
	// character_length() as char_length() (dialect.MySQLFacts.FunctionNames).
	{"length functions", `CREATE TABLE t (a varchar(20), b int AS (length(a)) VIRTUAL, c int AS (LENGTHB(a)) STORED,
		d int AS (character_length(a) + octet_length(a)) VIRTUAL, e int DEFAULT (length('abc')),
		CONSTRAINT ck_len CHECK (length(a) > 0 AND CHARACTER_LENGTH(a) < 10), CHECK (char_length(a) <> 3))`},
}

func TestInspectEqualsParse(t *testing.T) {
	for _, tc := range parityCases {
		t.Run(tc.name, func(t *testing.T) {
			db := mytest.New(t)
			db.Exec(t, tc.ddl)
			got, err := Inspect(context.Background(), db.DB, Options{})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			d, err := dialect.Lookup(got.Dialect, "")
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := mysqlddl.Parse(d, schema.File{Path: "case.sql", Data: []byte(tc.ddl)})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(parsed, got, ignoreSource); diff != "" {
				t.Errorf("Parse (-) and Inspect (+) differ:\n%s", diff)
			}
			if lines := schema.Differences(parsed, got); len(lines) != 0 {
				t.Errorf("Differences: %v", lines)
			}
		})
	}
}
