package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// listFlag collects the values of a repeatable flag.
type listFlag []string

// String implements flag.Value.
func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value; each use adds one value.
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// lintFlags are the plan command's rule flags.
type lintFlags struct {
	accept    listFlag // CODE[=reason]
	severity  listFlag // CODE=level
	disable   listFlag // CODE
	targetDBs listFlag // URL, or PROJECT=URL in --repo mode
	// maxLock and maxStep are MB419's thresholds (zero: its defaults).
	maxLock, maxStep time.Duration
}

// checkCode accepts a known rule code (MB000 only where allowed).
func checkCode(flag, code string, staleOK bool) error {
	if code == lint.StaleAcceptCode && staleOK || rules.ByCode(code) != nil {
		return nil
	}
	return fmt.Errorf("%s: unknown rule code %q (migrate-bot rules lists them)", flag, code)
}

// config turns the flags into a lint configuration laid over the
// repository's: --disable turns rules off, --rule-severity sets their
// severity, --accept accepts codes for this migration.
func (f *lintFlags) config() (lint.Config, error) {
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{}, Accept: map[string]string{}}
	for _, v := range f.accept {
		code, reason, _ := strings.Cut(v, "=")
		code = strings.ToUpper(strings.TrimSpace(code))
		if err := checkCode("--accept", code, false); err != nil {
			return cfg, err
		}
		cfg.Accept[code] = strings.TrimSpace(reason)
	}
	for _, v := range f.severity {
		code, level, ok := strings.Cut(v, "=")
		code = strings.ToUpper(strings.TrimSpace(code))
		if !ok {
			return cfg, fmt.Errorf("--rule-severity: %q: want CODE=LEVEL, e.g. MB401=error", v)
		}
		if err := checkCode("--rule-severity", code, true); err != nil {
			return cfg, err
		}
		sev, err := lint.ParseSeverity(level)
		if err != nil {
			return cfg, fmt.Errorf("--rule-severity %s: %w", code, err)
		}
		rc := cfg.Rules[code]
		rc.Severity = sev.String()
		cfg.Rules[code] = rc
	}
	off := false
	for _, code := range f.disable {
		code = strings.ToUpper(strings.TrimSpace(code))
		if err := checkCode("--disable", code, false); err != nil {
			return cfg, err
		}
		rc := cfg.Rules[code]
		rc.Enabled = &off
		cfg.Rules[code] = rc
	}
	return cfg, nil
}
