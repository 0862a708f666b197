// Package pgexpr canonicalizes PostgreSQL expressions so that the SQL
// reader, which has the parse tree of what a user wrote, and catalog
// introspection, which has the server's rendering of the stored
// expression (pg_get_expr, pg_get_constraintdef), produce the same text for
// the same expression.
//
// The canonical text of an expression is what pg_query's deparser prints
// for it after a few rewrites that undo what the server adds when it stores
// an expression:
//
//   - casts of constants the server resolved: (0)::numeric is 0,
//     '-1'::integer is -1, 'abc'::text is 'abc' where the type is implied by
//     the other operand of a comparison, an IN list or a function argument;
//   - x = ANY (ARRAY[a, b]) is x IN (a, b) and x <> ALL (ARRAY[a, b]) is
//     x NOT IN (a, b); a one-element IN list is a comparison, as the server
//     stores it;
//   - x BETWEEN a AND b is x >= a AND x <= b (NOT BETWEEN: x < a OR x > b);
//   - the operators ~~, ~~*, !~~, !~~* are LIKE, ILIKE, NOT LIKE, NOT ILIKE;
//   - nested AND and OR are flattened, parentheses are the deparser's;
//   - nextval's argument is spelled as regclass output prints it:
//     nextval('"User_id_seq"'::regclass);
//   - given the table's column types (Columns), the implicit cast of a
//     character varying or character column to text, (name)::text, is
//     dropped.
//
// Default adds the rules of column defaults: a cast of a constant to the
// column's own type is dropped ('x'::character varying on a varchar(20)
// column is 'x'), and the constant is spelled as the server prints it
// ('7' on an integer column is 7, 't' on a boolean column is true).
//
// Constants are spelled as the server prints the value it stored: a number
// written with a fraction or an exponent as numeric_out prints it (1e10 is
// 10000000000, 1.5e-3 is 0.0015), a string on a real or double precision
// column as float4out/float8out print it, a string on a jsonb column as
// jsonb_out prints it (keys ordered, duplicates dropped, ", " and ": ").
// SQL value functions keep the deparser's lower-case spelling
// (current_timestamp, where pg_get_expr prints CURRENT_TIMESTAMP): the one
// printer decides, for the SQL reader, introspection and the Prisma reader
// alike.
//
// Parsing uses pg_query (PostgreSQL's own parser, through cgo); nothing here
// parses SQL by hand, and no input makes the package panic.
package pgexpr
