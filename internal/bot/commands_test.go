package bot

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseCommands(t *testing.T) {
	type want struct {
		Verb, Project, Old, New, Code, Reason string
		Line                                  int
		Err                                   string
	}
	tests := []struct {
		name string
		body string
		want []want
	}{
		{name: "regenerate", body: "/migrate regenerate", want: []want{{Verb: VerbRegenerate, Line: 1}}},
		{name: "help", body: "/migrate help", want: []want{{Verb: VerbHelp, Line: 1}}},
		{name: "bare prefix asks for help", body: "  /migrate  ", want: []want{{Verb: VerbHelp, Line: 1}}},
		{name: "verb is case-insensitive", body: "/migrate Regenerate", want: []want{{Verb: VerbRegenerate, Line: 1}}},
		{name: "rename", body: "/migrate rename users.phone -> users.phone_number",
			want: []want{{Verb: VerbRename, Old: "users.phone", New: "users.phone_number", Line: 1}}},
		{name: "rename without spaces around the arrow", body: "/migrate rename users->accounts",
			want: []want{{Verb: VerbRename, Old: "users", New: "accounts", Line: 1}}},
		{name: "rename with a project", body: "/migrate rename app:users.phone -> users.mobile",
			want: []want{{Verb: VerbRename, Project: "app", Old: "users.phone", New: "users.mobile", Line: 1}}},
		{name: "rename without arrow", body: "/migrate rename users.phone users.mobile",
			want: []want{{Line: 1, Err: "wants OLD -> NEW"}}},
		{name: "rename with a missing side", body: "/migrate rename users.phone ->",
			want: []want{{Line: 1, Err: "is not a table or column name"}}},
		{name: "rename in the flag form", body: "/migrate rename users.phone=users.mobile -> x",
			want: []want{{Line: 1, Err: "is not a table or column name"}}},
		{name: "accept with reason", body: "/migrate accept MB102 column unused since v2.3",
			want: []want{{Verb: VerbAccept, Code: "MB102", Reason: "column unused since v2.3", Line: 1}}},
		{name: "accept lower-case code without reason", body: "/migrate accept mb419",
			want: []want{{Verb: VerbAccept, Code: "MB419", Line: 1}}},
		{name: "accept without code", body: "/migrate accept", want: []want{{Line: 1, Err: "needs a rule code"}}},
		{name: "accept a non-code", body: "/migrate accept everything", want: []want{{Line: 1, Err: "is not a rule code"}}},
		{name: "unknown verb", body: "/migrate deploy", want: []want{{Line: 1, Err: "unknown command"}}},
		{name: "regenerate with arguments", body: "/migrate regenerate now", want: []want{{Line: 1, Err: "takes no arguments"}}},
		{name: "longer word is not the prefix", body: "/migrated everything yesterday", want: nil},
		{name: "prefix mid-line is not a command", body: "please run /migrate regenerate", want: nil},
		{name: "quoted line is not a command", body: "> /migrate regenerate\nthanks", want: nil},
		{name: "inline code is not a command", body: "`/migrate regenerate`", want: nil},
		{name: "fenced block is skipped", body: "```\n/migrate regenerate\n```\n/migrate help",
			want: []want{{Verb: VerbHelp, Line: 4}}},
		{name: "tilde fence is skipped", body: "~~~~\n/migrate regenerate\n~~~\n~~~~\n/migrate help",
			want: []want{{Verb: VerbHelp, Line: 5}}},
		{name: "several commands, CRLF", body: "Looks good.\r\n/migrate rename a -> b\r\n/migrate accept MB101 ok\r\n/migrate regenerate",
			want: []want{
				{Verb: VerbRename, Old: "a", New: "b", Line: 2},
				{Verb: VerbAccept, Code: "MB101", Reason: "ok", Line: 3},
				{Verb: VerbRegenerate, Line: 4},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []want
			for _, c := range ParseCommands(tc.body) {
				w := want{Verb: c.Verb, Project: c.Project, Old: c.Old, New: c.New, Code: c.Code, Reason: c.Reason, Line: c.Line}
				if c.Err != nil {
					w.Err = c.Err.Error()
					if c.Verb != "" {
						t.Errorf("command with error %q has verb %q", c.Err, c.Verb)
					}
				}
				got = append(got, w)
			}
			// Errors are compared by the phrase they must contain.
			for i := range min(len(got), len(tc.want)) {
				if tc.want[i].Err != "" && strings.Contains(got[i].Err, tc.want[i].Err) {
					got[i].Err = tc.want[i].Err
				}
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseCommands(%q) (-want +got):\n%s", tc.body, diff)
			}
		})
	}
}

func TestRenameValue(t *testing.T) {
	cmds := ParseCommands("/migrate rename users.phone -> users.phone_number")
	if len(cmds) != 1 {
		t.Fatalf("got %d commands", len(cmds))
	}
	if got, want := cmds[0].RenameValue(), "users.phone=users.phone_number"; got != want {
		t.Errorf("RenameValue = %q, want %q", got, want)
	}
}

// TestHelpTextHasNoCommand proves the help text, and every reply the bot
// writes about commands, can be quoted or re-read without running anything:
// no line of it parses as a command, even after stripping Markdown quoting
// and list markers a person might remove when copying.
func TestHelpTextHasNoCommand(t *testing.T) {
	texts := map[string]string{"help": HelpText}
	for _, verb := range []string{VerbRegenerate, VerbRename, VerbAccept, VerbHelp} {
		texts["usage of "+verb] = commandUsage(verb)
	}
	for name, text := range texts {
		if cmds := ParseCommands(text); len(cmds) != 0 {
			t.Errorf("%s: parses as %d commands, first %q", name, len(cmds), cmds[0].Text)
		}
		for i, line := range strings.Split(text, "\n") {
			stripped := strings.TrimLeft(strings.TrimSpace(line), "-*> ")
			if _, ok := parseLine(stripped); ok {
				t.Errorf("%s: line %d %q parses as a command once its list marker is removed", name, i+1, line)
			}
		}
	}
	for _, verb := range []string{"regenerate", "rename", "accept"} {
		if !strings.Contains(HelpText, CommandPrefix+" "+verb) {
			t.Errorf("help text does not document %s", verb)
		}
	}
}

func FuzzParseCommands(f *testing.F) {
	for _, seed := range []string{
		"/migrate regenerate", "/migrate rename a.b -> a.c\n/migrate accept MB102 why",
		"```\n/migrate help\n", "/migrate rename :x -> y", "/migrate accept", "/migrate\t", "~~~\n~~~\n/migrate",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, c := range ParseCommands(body) {
			if (c.Verb == "") == (c.Err == nil) {
				t.Fatalf("command %q: verb %q with error %v", c.Text, c.Verb, c.Err)
			}
			if !strings.HasPrefix(c.Text, CommandPrefix) {
				t.Fatalf("command text %q does not start with the prefix", c.Text)
			}
			if c.Verb == VerbRename && (c.Old == "" || c.New == "") {
				t.Fatalf("rename %q without both names", c.Text)
			}
		}
	})
}
