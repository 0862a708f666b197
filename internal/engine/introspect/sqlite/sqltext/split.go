package sqltext

// Statement is one statement of a script.
type Statement struct {
	// Text runs from the statement's first token that is not space or
	// comment to its closing semicolon, included (the last statement of a
	// script may lack one).
	Text string
	// Off is the byte offset of Text in the script.
	Off int
	// Tokens are the significant tokens of Text, with offsets relative to
	// the script.
	Tokens []Token
}

// token classes of the sqlite3_complete state machine (complete.c).
const (
	tkSemi = iota
	tkWS
	tkOther
	tkExplain
	tkCreate
	tkTemp
	tkTrigger
	tkEnd
)

// transitions is the state table of sqlite3_complete: states are 0
// INVALID, 1 START, 2 NORMAL, 3 EXPLAIN, 4 CREATE, 5 TRIGGER, 6 SEMI, 7
// END. A statement is complete when a semicolon takes the machine to
// START; inside CREATE TRIGGER, semicolons of the body do not, until END
// followed by a semicolon.
var transitions = [8][8]int{
	/* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
	/* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
	/* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
	/* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
	/* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
	/* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
	/* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
	/* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
}

func class(t Token) int {
	switch {
	case t.Kind == Space || t.Kind == Comment:
		return tkWS
	case t.IsPunct(";"):
		return tkSemi
	case t.Is("EXPLAIN"):
		return tkExplain
	case t.Is("CREATE"):
		return tkCreate
	case t.Is("TEMP"), t.Is("TEMPORARY"):
		return tkTemp
	case t.Is("TRIGGER"):
		return tkTrigger
	case t.Is("END"):
		return tkEnd
	}
	return tkOther
}

// Split cuts a script into statements the way sqlite3_complete decides
// where one ends, so that semicolons inside quotes, comments and trigger
// bodies do not end a statement. Statements that hold nothing but a
// semicolon are left out.
func Split(script string) []Statement {
	var out []Statement
	state := 0
	// The statements' tokens are cut from shared chunks: a slice per
	// statement grown by append would leave about as much garbage as it
	// keeps. cur is the current statement's tokens, at the end of buf.
	var buf, cur []Token
	add := func(t Token) {
		if len(buf) == cap(buf) {
			// A new chunk, starting with the statement's tokens so far.
			next := make([]Token, len(cur), max(4096, 2*(len(cur)+1)))
			copy(next, cur)
			buf = next
		}
		buf = append(buf, t)
		cur = buf[len(buf)-len(cur)-1 : len(buf) : len(buf)]
	}
	flush := func(end int) {
		if len(cur) == 0 {
			return
		}
		start := cur[0].Off
		if !(len(cur) == 1 && cur[0].IsPunct(";")) {
			out = append(out, Statement{Text: script[start:end], Off: start, Tokens: cur})
		}
		// The statement keeps its tokens: the next one starts after them.
		buf = buf[len(buf):]
		cur = nil
	}
	// Tokens are scanned one at a time, not with Tokenize: a schema of
	// thousands of tables is megabytes of text, and one slice of all its
	// tokens is garbage the size of the file many times over.
	for i := 0; i < len(script); {
		n, k := scan(script[i:])
		t := Token{Kind: k, Text: script[i : i+n], Off: i}
		i += n
		c := class(t)
		state = transitions[state][c]
		if c == tkWS {
			continue
		}
		add(t)
		if c == tkSemi && state == 1 {
			flush(t.Off + len(t.Text))
		}
	}
	if len(cur) > 0 {
		last := cur[len(cur)-1]
		flush(last.Off + len(last.Text))
	}
	return out
}
