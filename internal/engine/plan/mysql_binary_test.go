package plan_test

import "testing"

// TestMysqlWidenBinary: BINARY(16) to BINARY(32) pads the rows with 0x00;
// the rollback gives the 16-byte values back, one ending in 0x00 included,
// instead of failing with error 1265.
func TestMysqlWidenBinary(t *testing.T) {
	runMyScenario(t, myScenario{
		name: "widen binary",
		base: "CREATE TABLE files (id int PRIMARY KEY, hash binary(16));",
		head: "CREATE TABLE files (id int PRIMARY KEY, hash binary(32));",
		seed: "INSERT INTO files VALUES (1, x'00112233445566778899aabbccddeeff'), (2, x'11223344556677889900aabbccdd0000');",
		rows: "SELECT id, hex(hash) FROM files ORDER BY id",
	})
}
