package prisma

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseDateTime reads the RFC 3339 date-time of a DateTime default.
func parseDateTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("%q is not an RFC 3339 date-time such as \"2020-01-02T03:04:05Z\"", s)
	}
	return t, nil
}

// typePrecision returns the first argument of a column type
// ("timestamp(3) without time zone" is 3), or def when it has none.
func typePrecision(colType string, def int) int {
	if i := strings.IndexByte(colType, '('); i >= 0 {
		if j := strings.IndexByte(colType[i:], ')'); j > 0 {
			if p, err := strconv.Atoi(colType[i+1 : i+j]); err == nil {
				return p
			}
		}
	}
	return def
}

// pgDateTime renders a DateTime default for a date/time column as
// PostgreSQL stores and prints it (with the server's TimeZone at UTC), the
// cast left out. Prisma writes the value with its offset
// ('2020-01-01 12:34:56 +09:00'); a timestamp or time without time zone
// ignores the offset, timestamptz is shown in UTC, timetz keeps it, a date
// keeps the date. Fractions are cut to the column's precision.
func pgDateTime(t time.Time, colType string) string {
	colType = strings.TrimSuffix(colType, "[]")
	prec := typePrecision(colType, 6)
	frac := func(t time.Time) string {
		us := fmt.Sprintf("%06d", t.Nanosecond()/1000)
		if prec < 6 {
			us = us[:prec]
		}
		us = strings.TrimRight(us, "0")
		if us == "" {
			return ""
		}
		return "." + us
	}
	withZone := strings.HasSuffix(colType, "with time zone") && !strings.HasSuffix(colType, "without time zone")
	switch {
	case colType == "date":
		return pgString(t.Format("2006-01-02"))
	case strings.HasPrefix(colType, "time") && !strings.HasPrefix(colType, "timestamp"):
		v := t.Format("15:04:05") + frac(t)
		if withZone {
			v += offset(t)
		}
		return pgString(v)
	case withZone:
		u := t.UTC()
		return pgString(u.Format("2006-01-02 15:04:05") + frac(u) + "+00")
	}
	return pgString(t.Format("2006-01-02 15:04:05") + frac(t))
}

// offset prints a UTC offset as PostgreSQL does: +09, -05:30.
func offset(t time.Time) string {
	_, sec := t.Zone()
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d", sign, sec/3600)
	if m := sec % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}
