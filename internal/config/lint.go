package config

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// The `lint` section tunes the safety rules, for the whole repository (top
// level) and per project (a project's settings win, rule by rule and
// field by field):
//
//	lint:
//	  rules:
//	    MB401: {severity: error}
//	    MB113: {enabled: false}
//
// Acceptances are not configured here: a finding is accepted for one
// migration (plan --accept CODE=reason), and a database URL for the
// data-aware checks never comes from the repository.

// lintSection parses a `lint` mapping at key (`lint`, `projects[0].lint`).
func (p *parser) lintSection(v *yaml.Node, key string) (lint.Config, error) {
	cfg := lint.Config{}
	err := p.mapping(v, key, func(name string, k, v *yaml.Node) error {
		full := key + "." + name
		switch name {
		case "rules":
			rs, err := p.lintRules(v, full)
			cfg.Rules = rs
			return err
		}
		return p.errf(k.Line, full, "unknown key (want rules)")
	})
	return cfg, err
}

// lintRules parses `rules`: rule code to {enabled, severity}.
func (p *parser) lintRules(v *yaml.Node, key string) (map[string]lint.RuleConfig, error) {
	out := map[string]lint.RuleConfig{}
	err := p.mapping(v, key, func(code string, k, v *yaml.Node) error {
		full := key + "." + code
		if rules.ByCode(code) == nil {
			hint := ""
			if up := strings.ToUpper(code); up != code && rules.ByCode(up) != nil {
				hint = " (codes are upper case: " + up + ")"
			}
			return p.errf(k.Line, full, "unknown rule code %q%s: `migrate-bot rules` lists them", code, hint)
		}
		var rc lint.RuleConfig
		err := p.mapping(v, full, func(field string, fk, fv *yaml.Node) error {
			fkey := full + "." + field
			switch field {
			case "enabled":
				b, err := p.boolean(fv, fkey)
				rc.Enabled = &b
				return err
			case "severity":
				s, err := p.str(fv, fkey)
				if err != nil {
					return err
				}
				sev, err := lint.ParseSeverity(s)
				if err != nil {
					return p.errf(fv.Line, fkey, "unknown severity %q (want error, warning or notice)", s)
				}
				rc.Severity = sev.String()
				return nil
			}
			return p.errf(fk.Line, fkey, "unknown key (want enabled or severity)")
		})
		out[code] = rc
		return err
	})
	return out, err
}

func (p *parser) boolean(v *yaml.Node, key string) (bool, error) {
	s, err := p.scalar(v, key)
	if err != nil {
		return false, err
	}
	if v.Tag != "!!bool" {
		return false, p.errf(v.Line, key, "want true or false, found %q", s)
	}
	return s == "true" || s == "True" || s == "TRUE", nil
}

// ProjectLint is the rule configuration for a project: the repository's
// `lint` section with the project's laid over it.
func (c *Config) ProjectLint(pr *Project) lint.Config {
	out := lint.Config{Rules: map[string]lint.RuleConfig{}}
	for _, src := range []lint.Config{c.Lint, pr.Lint} {
		for code, rc := range src.Rules {
			cur := out.Rules[code]
			if rc.Enabled != nil {
				cur.Enabled = rc.Enabled
			}
			if rc.Severity != "" {
				cur.Severity = rc.Severity
			}
			out.Rules[code] = cur
		}
	}
	return out
}
