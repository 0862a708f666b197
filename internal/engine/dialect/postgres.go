package dialect

import "fmt"

// PostgresVersions are the PostgreSQL majors the planner knows. 15 is the
// server proven in tests on this machine.
var PostgresVersions = []int{10, 11, 12, 13, 14, 15, 16, 17, 18}

// Postgres returns the PostgreSQL dialect at a version ("" = 17).
func Postgres(version string) (*Dialect, error) {
	v := Version{Major: 17}
	if version != "" {
		var err error
		if v, err = ParseVersion(version); err != nil {
			return nil, err
		}
	}
	if v.Major < 10 {
		return nil, fmt.Errorf("postgres %s is not supported: 10 or later", v)
	}
	return &Dialect{
		Name:             "postgres",
		Version:          v,
		MaxIdentLen:      63,
		DefaultNamespace: "public",
		Caps: Caps{
			TransactionalDDL:          true,
			ConcurrentIndex:           true,
			NotValidConstraints:       true,
			ConstantDefaultNoRewrite:  v.AtLeast(11, 0),
			EnumAddValueInTransaction: v.AtLeast(12, 0),
			CheckProvesNotNull:        v.AtLeast(12, 0),
			NullsNotDistinct:          v.AtLeast(15, 0),
			IfExists:                  true,
			ConstraintIfExists:        true,
			EnumTypes:                 true,
			Namespaces:                true,
			Sequences:                 true,
			Comments:                  true,
			JSONB:                     true,
			DropExpression:            v.AtLeast(13, 0),
		},
	}, nil
}
