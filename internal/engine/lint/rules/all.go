package rules

import "github.com/migrate-bot/migrate-bot/internal/engine/lint"

// All is every rule, in code order. A rule not listed here never runs;
// the tests check that each listed rule is documented and has cases.
var All = []lint.Rule{
	DropTable{},
	DropColumn{},
	NarrowType{},
	DropEnumValue{},
	DropRequiredDefault{},

	PreferBigintKeys{},
	PreferTimestamptz{},
	PreferText{},
	PreferIdentity{},
	PreferJSONB{},
	CharColumn{},
	WideIndex{},
	NoPrimaryKey{},

	RenameTable{},
	RenameColumn{},
	RenameEnum{},
	TypeMeaningChange{},
	RequiredColumnNoDefault{},
	DropNotNull{},
	DropObject{},

	NotNullColumnOnRows{},
	SetNotNull{},
	UniqueOnDuplicates{},
	ForeignKeyOrphans{},
	CheckViolations{},
	CastMayFail{},

	IndexNotConcurrent{},
	DropIndexNotConcurrent{},
	ConstraintNotValid{},
	ValidateSameTransaction{},
	TypeChangeRewrite{},
	DefaultRewrite{},
	FilledColumnRewrite{},
	ScanUnderExclusiveLock{},
	TableCopy{},
	TableRebuild{},
	ConcurrentInTransaction{},
	LockTimeout{},
	StatementTimeout{},
	KeyWithoutUsingIndex{},
	ExclusionConstraint{},
	EnumReorder{},
	ZeroFill{},
	LockHeldAcrossSteps{},
	LongStep{},

	RollbackLosesData{},
	NoRollback{},
	RollbackMayFail{},

	IdentifierTooLong{},
	ForeignKeyWithoutIndex{},
	ForeignKeyTypeMismatch{},
	RedundantIndex{},
	DropIndexBackingFK{},
	ForeignKeyTargetNotUnique{},
	DropForeignKey{},
	DropPrimaryKey{},
}

// ByCode returns the rule with the given code, or nil: reports use it to
// show a rule's title and documentation next to its findings.
func ByCode(code string) lint.Rule {
	for _, r := range All {
		if r.Code() == code {
			return r
		}
	}
	return nil
}
