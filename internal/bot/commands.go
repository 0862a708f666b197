package bot

import (
	"fmt"
	"regexp"
	"strings"
)

// CommandPrefix starts every command line in a pull request comment.
const CommandPrefix = "/migrate"

// The command verbs.
const (
	VerbRegenerate = "regenerate"
	VerbHelp       = "help"
	VerbRename     = "rename"
	VerbAccept     = "accept"
)

// Command is one `/migrate` line of a comment.
type Command struct {
	// Verb is one of the Verb constants; empty when the line does not
	// parse (Err says why).
	Verb string
	// Line is the 1-based line of the comment the command was on.
	Line int
	// Text is the line as written, trimmed.
	Text string
	// Project, Old and New are a rename: `rename [PROJECT:]OLD -> NEW`.
	// Project is empty when the rename applies to every project.
	Project, Old, New string
	// Code and Reason are an accept: `accept CODE [reason]`.
	Code, Reason string
	// Err is the problem with a line that starts with the prefix but is
	// not a valid command.
	Err error
}

// codePattern is a lint rule code as the rules spell them (MB102).
var codePattern = regexp.MustCompile(`^MB[0-9]{3}$`)

// ParseCommands returns the commands of a comment body: every line whose
// first word is /migrate, outside fenced code blocks and quotes. A line
// like "/migrated" is not a command; "/migrate" alone asks for help.
func ParseCommands(body string) []Command {
	var out []Command
	fence := ""
	for i, raw := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		if f := fenceMarker(line); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence) && strings.TrimLeft(line, string(fence[0])) == "":
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		cmd, ok := parseLine(line)
		if !ok {
			continue
		}
		cmd.Line = i + 1
		out = append(out, cmd)
	}
	return out
}

// fenceMarker returns the run of backticks or tildes that opens or closes a
// fenced code block on line, or "".
func fenceMarker(line string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return ""
}

// parseLine parses one trimmed line; ok is false when the line is not a
// command line at all.
func parseLine(line string) (Command, bool) {
	rest, ok := strings.CutPrefix(line, CommandPrefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Command{}, false
	}
	cmd := Command{Text: line}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		cmd.Verb = VerbHelp
		return cmd, true
	}
	verb, args := strings.ToLower(fields[0]), fields[1:]
	switch verb {
	case VerbRegenerate, VerbHelp:
		if len(args) > 0 {
			cmd.Err = fmt.Errorf("`%s` takes no arguments", verb)
			return cmd, true
		}
		cmd.Verb = verb
	case VerbRename:
		cmd.Project, cmd.Old, cmd.New, cmd.Err = parseRename(strings.Join(args, " "))
		if cmd.Err == nil {
			cmd.Verb = verb
		}
	case VerbAccept:
		if len(args) == 0 {
			cmd.Err = fmt.Errorf("`accept` needs a rule code, as in `accept MB102 the column has been unused since v2.3`")
			return cmd, true
		}
		code := strings.ToUpper(args[0])
		if !codePattern.MatchString(code) {
			cmd.Err = fmt.Errorf("%q is not a rule code (MB followed by three digits)", args[0])
			return cmd, true
		}
		cmd.Verb, cmd.Code, cmd.Reason = verb, code, strings.Join(args[1:], " ")
	default:
		cmd.Err = fmt.Errorf("unknown command %q (want regenerate, help, rename or accept)", fields[0])
	}
	return cmd, true
}

// parseRename reads "[PROJECT:]OLD -> NEW" where OLD and NEW are table or
// table.column names.
func parseRename(s string) (project, old, nu string, err error) {
	const usage = "`rename` wants OLD -> NEW, as in `rename users.phone -> users.phone_number`"
	left, right, ok := strings.Cut(s, "->")
	if !ok {
		return "", "", "", fmt.Errorf("%s", usage)
	}
	left, right = strings.TrimSpace(left), strings.TrimSpace(right)
	if p, o, ok := strings.Cut(left, ":"); ok {
		project, left = strings.TrimSpace(p), strings.TrimSpace(o)
		if project == "" {
			return "", "", "", fmt.Errorf("empty project name before ':'; %s", usage)
		}
	}
	for _, name := range []string{left, right} {
		if name == "" || strings.ContainsAny(name, " \t=:") {
			return "", "", "", fmt.Errorf("%q is not a table or column name; %s", name, usage)
		}
	}
	return project, left, right, nil
}

// RenameValue is the rename in the OLD=NEW form of `plan --rename` and of
// the configuration's `renames` list.
func (c Command) RenameValue() string { return c.Old + "=" + c.New }
