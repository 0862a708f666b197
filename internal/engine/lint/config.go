package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// StaleAcceptCode is the code of the finding Run adds when a code accepted
// for this migration no longer fires: the acceptance is stale and should be
// removed, so it cannot silently cover a different problem later.
const StaleAcceptCode = "MB000"

// Config is a repository's (or one run's) tuning of the rules.
type Config struct {
	// Rules tunes rules by code.
	Rules map[string]RuleConfig `json:"rules,omitempty" yaml:"rules,omitempty"`
	// Accept maps a code to the reason it is accepted for this migration
	// (--accept CODE=reason). Its findings are kept, marked Accepted.
	Accept map[string]string `json:"accept,omitempty" yaml:"accept,omitempty"`
}

// RuleConfig tunes one rule.
type RuleConfig struct {
	// Enabled turns the rule off (false) or on; nil keeps it on.
	Enabled *bool `json:"enabled,omitempty" yaml:"enabled,omitempty"`
	// Severity replaces the rule's default severity: "error", "warning"
	// or "notice"; empty keeps it. Findings a rule scaled from the data
	// (a notice on an empty table) keep their scaled severity.
	Severity string `json:"severity,omitempty" yaml:"severity,omitempty"`
}

// Validate reports unknown codes and bad severities, given the codes of
// the rules that exist.
func (c Config) Validate(known []Rule) error {
	codes := map[string]bool{StaleAcceptCode: true}
	for _, r := range known {
		codes[r.Code()] = true
	}
	var errs []string
	for _, code := range sortedKeys(c.Rules) {
		if !codes[code] {
			errs = append(errs, fmt.Sprintf("rules: unknown code %s", code))
		}
		if s := c.Rules[code].Severity; s != "" {
			if _, err := ParseSeverity(s); err != nil {
				errs = append(errs, fmt.Sprintf("rules.%s: %v", code, err))
			}
		}
	}
	for _, code := range sortedKeys(c.Accept) {
		if !codes[code] {
			errs = append(errs, fmt.Sprintf("accept: unknown code %s", code))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("lint config: %s", strings.Join(errs, "; "))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Run applies the enabled rules to ctx and returns their findings, sorted
// by step, code, table, column and message. Each finding gets its rule's
// code and title, and the configured severity where the rule reported its
// default one. A finding whose code is accepted is marked Accepted; an
// accepted code that produced no finding yields a StaleAcceptCode warning.
func Run(ctx *Context, cfg Config, rules []Rule) []Finding {
	var out []Finding
	fired := map[string]bool{}
	for _, r := range rules {
		rc := cfg.Rules[r.Code()]
		if rc.Enabled != nil && !*rc.Enabled {
			continue
		}
		override, hasOverride := r.Severity(), false
		if rc.Severity != "" {
			if s, err := ParseSeverity(rc.Severity); err == nil {
				override, hasOverride = s, true
			}
		}
		for _, f := range r.Check(ctx) {
			f.Code, f.Title = r.Code(), r.Title()
			if hasOverride && f.Severity == r.Severity() {
				f.Severity = override
			}
			if reason, ok := cfg.Accept[f.Code]; ok {
				f.Accepted, f.AcceptReason = true, reason
			}
			fired[f.Code] = true
			out = append(out, f)
		}
	}
	for _, code := range sortedKeys(cfg.Accept) {
		if fired[code] {
			continue
		}
		msg := fmt.Sprintf("%s is accepted for this migration but no longer fires; remove the acceptance", code)
		if reason := cfg.Accept[code]; reason != "" {
			msg += fmt.Sprintf(" (reason given: %q)", reason)
		}
		out = append(out, Finding{Code: StaleAcceptCode, Severity: Warning,
			Title: "Accepted finding no longer fires", Message: msg})
	}
	Sort(out)
	return out
}

// Sort orders findings deterministically: plan-wide findings first, then
// by step, code, table, column and message.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.StepIndex, b.StepIndex),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Table, b.Table),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Counts returns the number of findings at each severity that are not
// accepted: what a --fail-on threshold is compared with.
func Counts(fs []Finding) map[Severity]int {
	out := map[Severity]int{}
	for _, f := range fs {
		if !f.Accepted {
			out[f.Severity]++
		}
	}
	return out
}

// Fails reports whether a finding that is not accepted is at or above
// threshold.
func Fails(fs []Finding, threshold Severity) bool {
	for _, f := range fs {
		if !f.Accepted && f.Severity >= threshold {
			return true
		}
	}
	return false
}
