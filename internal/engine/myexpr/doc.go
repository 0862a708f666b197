// Package myexpr canonicalizes MySQL and MariaDB expressions so that the
// SQL reader, which has the parse tree of what a user wrote, and
// introspection, which has the server's rendering of the stored expression
// (information_schema COLUMN_DEFAULT, GENERATION_EXPRESSION, CHECK_CLAUSE),
// produce the same text for the same expression.
//
// The canonical text of an expression is what the TiDB parser's restorer
// prints for it with lower-case keywords and function names, backquoted
// identifiers, single-quoted strings without charset introducers
// (_utf8mb4'x' is 'x', as MySQL 8 adds them and MariaDB does not), spaces
// around binary operators (as MariaDB prints them) and no outer
// parentheses. Synonyms the parser resolves are resolved the same on both
// sides: now(), localtime and CURRENT_TIMESTAMP are current_timestamp(),
// curdate() is current_date().
//
// Default adds the rules of column defaults, which the servers store as a
// value of the column's type: NULL is no default; a constant is converted
// to the column's type and spelled as MariaDB 10.11 prints it in
// information_schema.COLUMNS.COLUMN_DEFAULT ('7' on an int column is 7,
// 1.5 on a decimal(10,2) column is 1.50, TRUE is 1, '2020-01-01' on a
// datetime column is '2020-01-01 00:00:00', 5 on a bit column is b'101');
// a constant in parentheses is still a constant; anything else is a
// DefaultFunction with its canonical expression text.
//
// Parsing uses the TiDB parser (a pure Go MySQL grammar); no input makes
// the package panic.
package myexpr
