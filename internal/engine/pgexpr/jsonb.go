package pgexpr

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// jsonbOut returns the text jsonb_out prints for the jsonb value read from
// s, or false when s is not JSON the server would accept. jsonb keeps no
// formatting: object keys are sorted by length and then bytewise, a
// duplicate key keeps its last value, numbers are numerics (1.0 stays 1.0,
// 1e2 is 100), strings keep only the escapes JSON requires, and the
// separators are ", " and ": " ({"a": 1, "b": [1, 2]}).
func jsonbOut(s string) (string, bool) {
	if strings.Contains(s, `\u0000`) {
		// jsonb rejects the NUL escape (it cannot be stored as text).
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := jsonbValue(dec)
	if err != nil {
		return "", false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "", false
	}
	var b strings.Builder
	writeJSONB(&b, v)
	return b.String(), true
}

// jsonbMember is one key of an object, in input order until sorted.
type jsonbMember struct {
	key string
	val any
}

// jsonbValue reads one value: nil, bool, json.Number, string, []any or
// []jsonbMember.
func jsonbValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := jsonbValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		case '{':
			var obj []jsonbMember
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				v, err := jsonbValue(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, jsonbMember{key, v})
			}
			_, err := dec.Token()
			return jsonbObject(obj), err
		}
		return nil, errors.New("unexpected delimiter")
	case string:
		if !utf8.ValidString(t) {
			return nil, errors.New("invalid UTF-8")
		}
	}
	return tok, nil
}

// jsonbObject orders an object's members as jsonb stores them: by key
// length, then bytewise, the last of duplicate keys kept.
func jsonbObject(obj []jsonbMember) []jsonbMember {
	// A stable sort keeps duplicates in input order; the last one wins.
	slices.SortStableFunc(obj, func(a, b jsonbMember) int {
		if len(a.key) != len(b.key) {
			return len(a.key) - len(b.key)
		}
		return strings.Compare(a.key, b.key)
	})
	out := obj[:0]
	for _, m := range obj {
		if len(out) > 0 && out[len(out)-1].key == m.key {
			out[len(out)-1] = m
			continue
		}
		out = append(out, m)
	}
	return out
}

func writeJSONB(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case json.Number:
		b.WriteString(numericOut(string(t)))
	case string:
		writeJSONString(b, t)
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONB(b, e)
		}
		b.WriteByte(']')
	case []jsonbMember:
		b.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJSONString(b, m.key)
			b.WriteString(": ")
			writeJSONB(b, m.val)
		}
		b.WriteByte('}')
	}
}

// writeJSONString quotes s as PostgreSQL's escape_json does.
func writeJSONString(b *strings.Builder, s string) {
	var buf bytes.Buffer
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			if c < 0x20 {
				const hex = "0123456789abcdef"
				buf.WriteString(`\u00`)
				buf.WriteByte(hex[c>>4])
				buf.WriteByte(hex[c&0xf])
				continue
			}
			buf.WriteByte(c)
		}
	}
	buf.WriteByte('"')
	b.Write(buf.Bytes())
}
