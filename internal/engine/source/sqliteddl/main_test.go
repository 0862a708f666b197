package sqliteddl

import (
	"os"
	"testing"
)

// TestMain runs the package's tests with the grouped read forced on every
// input of two statements or more, in databases of two statements, when
// SQLITEDDL_GROUPED=1, so that both paths answer every test.
func TestMain(m *testing.M) {
	if os.Getenv("SQLITEDDL_GROUPED") == "1" {
		minGrouped, databaseStatements = 2, 2
	}
	os.Exit(m.Run())
}
