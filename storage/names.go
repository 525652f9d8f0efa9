package storage

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
)

// escapeName turns a table name into a directory name that is valid on
// every file system: letters, digits, '_' and '-' stay, every other byte
// becomes %XX.
func escapeName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// newTableDir picks the directory of a new table: its escaped name, with a
// suffix when another table's directory differs only in case (which
// case-insensitive file systems would merge).
func newTableDir(m *manifest, name string) string {
	base := "tables/" + escapeName(name)
	d := base
	for n := 2; ; n++ {
		clash := false
		for _, t := range m.Tables {
			if strings.EqualFold(t.Dir, d) {
				clash = true
				break
			}
		}
		if !clash {
			return d
		}
		d = fmt.Sprintf("%s~%d", base, n)
	}
}

// dayOf is the UTC day number of a datetime (days since 0001-01-01).
func dayOf(ticks int64) int64 {
	d := ticks / value.Day
	if ticks < 0 && ticks%value.Day != 0 {
		d--
	}
	return d
}

// dayKey formats a day number as YYYY-MM-DD.
func dayKey(day int64) string {
	s := value.FormatDateTime(value.DateTime(day * value.Day))
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// parseDayKey reads a YYYY-MM-DD partition key back to a day number.
func parseDayKey(k string) (int64, bool) {
	if len(k) != 10 || k[4] != '-' || k[7] != '-' {
		return 0, false
	}
	for i, c := range []byte(k) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return 0, false
		}
	}
	t, ok := value.ParseDateTime(k + "T00:00:00Z")
	if !ok || dayKey(dayOf(int64(t))) != k {
		return 0, false
	}
	return dayOf(int64(t)), true
}

// timeColumnOf picks a table's partitioning column: Timestamp, else
// TimeGenerated, when it is a datetime column; "" for none.
func timeColumnOf(sch types.Schema) string {
	for _, name := range []string{"Timestamp", "TimeGenerated"} {
		if i := sch.Index(name); i >= 0 && sch[i].Type == types.DateTime {
			return name
		}
	}
	return ""
}

func randomID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}
