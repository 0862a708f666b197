package cli

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/report"
)

const rulesUsage = `Usage:
  migrate-bot rules            list every safety rule: code, default severity, title
  migrate-bot rules CODE...    explain rules: why the change is dangerous on a
                               live database, and the safe alternative

Severities: error (loses data, breaks running code or fails on the data),
warning (needs a reviewer's judgement), notice (worth knowing). Tune them per
repository in the lint section of .github/migrate-bot.yml, or per run with
plan --rule-severity CODE=LEVEL and --disable CODE; accept a finding for one
migration with plan --accept CODE=REASON.

Examples:
  migrate-bot rules
  migrate-bot rules MB401
`

// rules is the `migrate-bot rules` command.
func (e *env) rules(args []string) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(e.stdout, rulesUsage)
		return ExitOK
	}
	docs := map[string]report.RuleDoc{}
	all := report.RuleDocs()
	for _, d := range all {
		docs[d.Code] = d
	}
	if len(args) == 0 {
		for _, d := range all {
			fmt.Fprintf(e.stdout, "%s  %-7s  %s\n", d.Code, d.Severity, d.Title)
		}
		fmt.Fprintf(e.stdout, "\n%d rules. Explain one with: migrate-bot rules CODE\n", len(all))
		return ExitOK
	}
	for i, a := range args {
		d, ok := docs[strings.ToUpper(a)]
		if !ok {
			fmt.Fprintf(e.stderr, "migrate-bot rules: unknown rule code %q\nRun 'migrate-bot rules' for the list.\n", a)
			return ExitError
		}
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%s  %s (default severity %s)\n\n%s\n", d.Code, d.Title, d.Severity, d.Doc)
	}
	return ExitOK
}
